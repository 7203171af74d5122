import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import { type HmacSignedRequest, type HmacSignInput, hmac } from './hmac.js';

const NAME = 'authorize-net';

/** Options for {@link authorizeNet}. */
export interface AuthorizeNetOptions {
  /**
   * The Signature Key from the Merchant Interface (Account › Settings › Security Settings ›
   * API Credentials and Keys), 128 hex characters; a list while rotating.
   */
  readonly signatureKey: SecretInput;
  /**
   * How the Signature Key becomes the HMAC key: `text` (its characters, the default) or
   * `hex` (the 64 bytes it spells). Authorize.net's webhook page does not say; see
   * {@link authorizeNet} for why `text` is the default.
   */
  readonly signatureKeyEncoding?: 'text' | 'hex';
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Authorize.net webhooks: `X-ANET-Signature: sha512=<HEX>`, the HMAC-SHA512 of the raw
 * body with the merchant's Signature Key, in upper-case hex
 * (developer.authorize.net/api/reference/features/webhooks.html). hookguard reads the hex
 * in either case and `sign` writes it upper-case, as Authorize.net does.
 *
 * The key bytes are ambiguous: the webhook page says only "the Signature Key", while
 * Authorize.net's hash for Accept Hosted and SIM (`transHashSHA2`) uses the key hex-decoded.
 * For webhooks the key is used as text: the notification captured in the PHP library
 * `stymiee/authnetjson`'s tests (`AuthnetWebhookTest`, a sandbox `authcapture.created`)
 * verifies only with the key's characters, not its hex-decoded bytes, and the developer
 * forum's worked answer (community.developer.cybersource.com, "HMAC SHA-512 hash not matching
 * in webhook callback") found the same. So `text` is the default and `signatureKeyEncoding:
 * 'hex'` switches it; either reading only ever accepts an HMAC made with your key.
 *
 * Nothing is timestamped (the body's `eventDate` is signed but not checked). Replays are
 * refused by the body's `notificationId`, which the signature covers, for 24 h; a body
 * without one falls back to the matched digest. Authorize.net publishes no signed example
 * and its SDKs have no webhook verifier: the vectors are that captured notification and
 * independent ones.
 *
 * @example
 * ```ts
 * const scheme = authorizeNet({ signatureKey: process.env.AUTHORIZE_NET_SIGNATURE_KEY! });
 * ```
 */
export function authorizeNet<TPayload = unknown>(
  options: AuthorizeNetOptions,
): WebhookScheme<TPayload, HmacSignInput, HmacSignedRequest> {
  const keyEncoding = options?.signatureKeyEncoding ?? 'text';
  if (keyEncoding !== 'text' && keyEncoding !== 'hex') {
    throw new TypeError(`[hookguard] ${NAME}: signatureKeyEncoding must be 'text' or 'hex'.`);
  }
  return hmac<TPayload>({
    name: NAME,
    secret: options.signatureKey,
    secretOption: 'signatureKey',
    secretEncoding: keyEncoding === 'hex' ? 'hex' : 'utf8',
    algorithm: 'sha512',
    hexCase: 'upper',
    signature: { header: 'x-anet-signature', prefix: 'sha512=' },
    mismatchHint:
      keyEncoding === 'text'
        ? "The Signature Key is used as text; if Authorize.net signs with it hex-decoded for you, set signatureKeyEncoding: 'hex'."
        : "The Signature Key is used hex-decoded; Authorize.net's webhooks usually sign with it as text (signatureKeyEncoding: 'text').",
    // Signed with the body; the same notification keeps it (a retry is the same body).
    replay: { bodyField: 'notificationId' },
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Authorize.net in the list of providers. */
export const AUTHORIZE_NET_PROVIDER = {
  id: NAME,
  title: 'Authorize.net webhooks',
  vendor: 'authorize-net',
  family: 'hmac',
  docs: 'https://developer.authorize.net/api/reference/features/webhooks.html',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'signatureKey',
      env: 'AUTHORIZE_NET_SIGNATURE_KEY',
      secret: true,
      format: 'list',
      description: 'Signature Key (128 hex characters)',
      // sha512("hookguard demo authorize-net key"), in hex.
      demo: '966ce68c859e8903f1ee1c74a852c3da6b69f8d1b3711e42e3548ad7a701257cbb0d038da24932ddaff8a2553cedc4eba349847623946d37ebf34673f531742e',
    },
  ],
  factory: authorizeNet,
  route: '/webhooks/authorize-net',
  sample: (now) => ({
    body: {
      notificationId: `ntf-${now}`,
      eventType: 'net.authorize.payment.authcapture.created',
      eventDate: new Date(now).toISOString(),
      webhookId: 'wh-hookguard-demo',
      payload: {
        responseCode: 1,
        authCode: 'HG0001',
        avsResponse: 'Y',
        authAmount: 100,
        entityName: 'transaction',
        id: '60198731341',
      },
    },
    timestamp: now,
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector:
      "a sandbox notification captured in stymiee/authnetjson's tests, and independent vectors computed with node:crypto",
    none: 'Authorize.net publishes no signed example, and none of its SDKs verifies webhooks.',
  },
} as const satisfies ProviderDefinition;
