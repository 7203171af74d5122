import { platform } from '#platform';
import { DEMO_RSA_PRIVATE_KEY, demoCertificateAt } from '../catalog/demo-keys.js';
import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import { crc32 } from '../crypto/crc32.js';
import { encodeDigest } from '../crypto/encoding.js';
import { decodePlain } from '../crypto/signature-forms.js';
import { WebhookVerificationError } from '../errors.js';
import { type CertificateFetchOptions, rsaCertificates } from '../keys/certificate-key.js';
import { privateKeyFrom } from '../keys/public-key-forms.js';
import { defineWebhookScheme, resolveReplayTtl, type WebhookScheme } from '../scheme.js';
import { bodyToSend, type SignedHttpRequest } from '../signed-request.js';
import { formatIsoUtcSeconds, isoWithZone, resolveTolerance } from '../time/timestamps.js';
import { type HmacSignInput, payloadOf } from './hmac.js';

/** Options for {@link paypal}. */
export interface PaypalOptions extends CertificateFetchOptions {
  /**
   * The webhook's id, as the app's settings show it (`3RN13029J36659323`). It is part of the
   * signed message and never read from the request: a delivery to another webhook (another
   * account's, a sandbox one) never verifies here.
   */
  readonly webhookId: string;
  /**
   * Seconds of skew allowed each way on `PAYPAL-TRANSMISSION-TIME`; default 259 200 (three
   * days), `false` disables. See the note on {@link paypal}.
   */
  readonly tolerance?: number | false;
  /** Seconds a replay store remembers a transmission; default twice the tolerance. */
  readonly replayTtl?: number;
  /** Only for `sign` (tests): an RSA private key, PKCS#8 DER in base64. */
  readonly privateKey?: string;
  /** Only for `sign`: the `PAYPAL-CERT-URL` to send, where the matching certificate is served. */
  readonly certUrl?: string;
}

const NAME = 'paypal';
/** PayPal's API hosts, live and sandbox, where its certificates are served. */
export const PAYPAL_CERTIFICATE_HOSTS = ['api.paypal.com', 'api.sandbox.paypal.com'] as const;
const CERTIFICATE_PATH = '/v1/notifications/certs/';
const AUTH_ALGORITHM = 'SHA256withRSA';
const DEFAULT_TOLERANCE_SECONDS = 3 * 24 * 60 * 60;
const HEADER = {
  id: 'paypal-transmission-id',
  time: 'paypal-transmission-time',
  signature: 'paypal-transmission-sig',
  certUrl: 'paypal-cert-url',
  algorithm: 'paypal-auth-algo',
} as const;

/** A URL under PayPal's certificates path that a URL parser leaves exactly as written. */
function isCertificateUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.href === url &&
    parsed.search === '' &&
    parsed.hash === '' &&
    (PAYPAL_CERTIFICATE_HOSTS as readonly string[]).includes(parsed.hostname) &&
    parsed.pathname.startsWith(CERTIFICATE_PATH) &&
    parsed.pathname.length > CERTIFICATE_PATH.length
  );
}

/**
 * PayPal REST webhooks: `PAYPAL-TRANSMISSION-SIG` is the base64 RSASSA-PKCS1-v1_5 SHA-256
 * signature of `<transmission id>|<transmission time>|<webhook id>|<CRC-32 of the body as an
 * unsigned decimal>`, under the key of the certificate at `PAYPAL-CERT-URL`. The certificate
 * is fetched only from PayPal's API hosts (`api.paypal.com`, `api.sandbox.paypal.com`) under
 * `/v1/notifications/certs/`, cached until it expires, and must be valid at the request's
 * time; a URL anywhere else is `untrusted_key_url` (401) and never fetched, and a fetch
 * that fails is `key_unavailable` (503, PayPal retries).
 *
 * Two things PayPal's design leaves to the receiver, and how hookguard answers them:
 * - The body is covered only by its CRC-32, which is not a cryptographic hash: anyone
 *   holding a signed transmission can build another body with the same CRC-32. So every
 *   transmission is accepted at most once (with a replay store, keyed on the signed message),
 *   and a window bounds how long one stays usable. Where a forged body must be ruled out
 *   entirely, re-fetch the event by its id from PayPal's API before acting on it.
 * - PayPal retries "up to 25 times over 3 days" (developer.paypal.com, Integrate webhooks)
 *   and does not say whether a retry is signed again, so the default window is three days:
 *   the safe reading for never losing a retried delivery. Lower it (`tolerance: 300`) if
 *   your logs show fresh transmission times on retries.
 *
 * Checked against the vector in PayPal's Node SDK tests (paypal-rest-sdk, test/notification.js
 * before its postback rewrite): certificate `CERT-360caa42-fca2a594-a5cafa77`, which expired
 * in 2017, so the test's clock is set inside its validity.
 *
 * @example
 * ```ts
 * const scheme = paypal({ webhookId: process.env.PAYPAL_WEBHOOK_ID! });
 * ```
 */
export function paypal<TPayload = unknown>(
  options: PaypalOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  const { webhookId } = options ?? ({} as PaypalOptions);
  if (typeof webhookId !== 'string' || !/^[A-Za-z0-9]+$/.test(webhookId)) {
    throw new TypeError(
      `[hookguard] ${NAME}: webhookId must be the webhook's id, letters and digits (PayPal's own pattern).`,
    );
  }
  const tolerance = resolveTolerance(options.tolerance ?? DEFAULT_TOLERANCE_SECONDS, NAME);
  const privateKey =
    options.privateKey === undefined
      ? undefined
      : privateKeyFrom(options.privateKey, 'rsa-pkcs1-sha256', 'spki-base64');
  if (options.privateKey !== undefined && privateKey === undefined) {
    throw new TypeError(`[hookguard] ${NAME}: privateKey must be PKCS#8 DER in base64.`);
  }
  // The allow-listed hosts serve PayPal's whole API: only the certificates' path, written
  // so that no parser changes it (`..` or `%2e%2e` segments would climb out of it).
  const { certificates } = rsaCertificates(
    NAME,
    PAYPAL_CERTIFICATE_HOSTS,
    options,
    isCertificateUrl,
    `PAYPAL-CERT-URL must be a certificate under https://api.paypal.com${CERTIFICATE_PATH} (or api.sandbox.paypal.com); it is not fetched.`,
  );
  return defineWebhookScheme<TPayload, HmacSignInput, SignedHttpRequest>({
    name: NAME,
    provider: NAME,
    mediaType: 'json',
    algorithm: 'rsa-pkcs1-sha256',
    keys: [],
    privateKey,
    tolerance,
    replayBy: 'message',
    replayTtlSeconds: resolveReplayTtl(tolerance, options.replayTtl, NAME),
    signatureFormat: 'base64',
    keysFor: (parts, nowMs) => [certificates.keyFor(parts.keyId as string, nowMs)],
    read(request) {
      const algorithm = request.header(HEADER.algorithm);
      if (algorithm !== undefined && algorithm !== AUTH_ALGORITHM) {
        throw new WebhookVerificationError(
          'invalid_signature',
          `PAYPAL-AUTH-ALGO is ${JSON.stringify(algorithm.slice(0, 40))}; PayPal signs with ${AUTH_ALGORITHM}, the only algorithm this scheme takes.`,
          { provider: NAME },
        );
      }
      const signature = request.header(HEADER.signature);
      const id = request.requireHeader(HEADER.id);
      const time = request.requireHeader(HEADER.time);
      const certUrl = request.requireHeader(HEADER.certUrl);
      return {
        signatures: signature === undefined || signature === '' ? [] : [signature],
        signatureSource: 'the paypal-transmission-sig header',
        keyId: certUrl,
        timestamp: isoWithZone(time),
        message: [
          { label: 'paypal-transmission-id', value: id },
          { label: 'separator', value: '|' },
          { label: 'paypal-transmission-time', value: time },
          { label: 'separator', value: '|' },
          { label: 'webhook id (configured)', value: webhookId },
          { label: 'separator', value: '|' },
          { label: 'CRC-32 of the body (unsigned decimal)', value: String(crc32(request.body)) },
        ],
        mismatchHint:
          'The webhook id is part of the signed message: check that it is the id of the webhook this URL is registered under (sandbox and live differ).',
        payload: () => payloadOf(request) as TPayload,
      };
    },
    decode: decodePlain('base64'),
    encode: () => [],
    sign(input, context) {
      if (options.certUrl === undefined)
        throw new TypeError(
          `[hookguard] ${NAME}: sign needs certUrl, where the certificate is served.`,
        );
      const body = bodyToSend(input?.body);
      const bytes = typeof body === 'string' ? platform.utf8(body) : body;
      const id = input?.headers?.[HEADER.id] ?? context.randomUUID();
      // PayPal sends whole seconds: 2015-05-18T15:45:13Z.
      const time = formatIsoUtcSeconds(input?.timestamp ?? context.now);
      const message = [{ label: 'message', value: `${id}|${time}|${webhookId}|${crc32(bytes)}` }];
      return {
        headers: {
          'content-type': 'application/json',
          [HEADER.id]: id,
          [HEADER.time]: time,
          [HEADER.signature]: encodeDigest(context.signature(message), 'base64'),
          [HEADER.certUrl]: options.certUrl,
          [HEADER.algorithm]: AUTH_ALGORITHM,
        },
        body,
      };
    },
  });
}

/** Where the demo's certificate is served: PayPal's sandbox host, as a sandbox webhook's. */
const DEMO_CERT_URL = `https://api.sandbox.paypal.com${CERTIFICATE_PATH}CERT-hookguard-demo`;

/** PayPal in the list of providers: its certificate served by the demo's key server. */
export const PAYPAL_PROVIDER = {
  id: NAME,
  title: 'PayPal REST webhooks',
  vendor: NAME,
  family: 'fetched-key',
  docs: 'https://developer.paypal.com/api/rest/webhooks/rest/',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'webhookId',
      env: 'PAYPAL_WEBHOOK_ID',
      secret: false,
      flag: '--webhook-id',
      format: 'text',
      description: "the webhook's id, as the app's settings show it",
      demo: '8PT597110X687430LKGECATA',
    },
    {
      option: 'privateKey',
      env: 'PAYPAL_PRIVATE_KEY',
      secret: true,
      format: 'text',
      description: 'an RSA private key (PKCS#8 DER, base64), only to sign test deliveries',
      demo: DEMO_RSA_PRIVATE_KEY,
    },
    {
      option: 'certUrl',
      env: 'PAYPAL_CERT_URL',
      secret: false,
      flag: '--cert-url',
      format: 'text',
      description: "where the private key's certificate is served, only to sign test deliveries",
      demo: DEMO_CERT_URL,
    },
  ],
  factory: paypal,
  route: '/webhooks/paypal',
  sample: (now) => ({
    body: {
      id: `WH-${now}`,
      event_type: 'PAYMENT.CAPTURE.COMPLETED',
      resource: { id: 'capture_demo', amount: { currency_code: 'USD', value: '100.00' } },
    },
    timestamp: now,
  }),
  signInput: jsonSignInput,
  demoKeys: demoCertificateAt(DEMO_CERT_URL),
  checkedAgainst: {
    vector:
      "the transmission and certificate in PayPal's Node SDK tests (paypal-rest-sdk, test/notification.js)",
  },
} as const satisfies ProviderDefinition;
