import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { formFields } from '../catalog/sign-inputs.js';
import { constantTimeEqual } from '../crypto/constant-time-equal.js';
import { decodeHex, encodeDigest } from '../crypto/encoding.js';
import type { MessagePart } from '../crypto/hmac.js';
import { sha256 } from '../crypto/run-with-crypto.js';
import { sha256Hex } from '../crypto/sha256.js';
import { decodePlain, encodePlain } from '../crypto/signature-forms.js';
import { WebhookVerificationError } from '../errors.js';
import { keysFromSecrets, type SecretInput } from '../keys/key-ring.js';
import {
  originFromPublicUrl,
  originFromRequest,
  type PublicOrigin,
  pathAndQuery,
  urlWithoutDefaultPort,
  urlWithPort,
} from '../request/public-url.js';
import { defineWebhookScheme, resolveReplayTtl, type WebhookScheme } from '../scheme.js';
import { bodyToSend, fieldEntries, formBody, type SignedHttpRequest } from '../signed-request.js';
import { signatureList, sortedNamesAndValues } from './read-helpers.js';

const NAME = 'twilio';
const BODY_HASH_PARAM = 'bodySHA256';

/** Options for {@link twilio}. */
export interface TwilioOptions {
  /** The account's auth token; a list while rotating. */
  readonly authToken: SecretInput;
  /**
   * Your public origin as configured in the Twilio console, such as `https://merchant.com`.
   * Twilio signs the full URL it called; behind a proxy the server sees another one, so set
   * this in production. Without it the origin comes from the request (see `trustProxy`).
   */
  readonly publicUrl?: string;
  /** Without `publicUrl`: trust `X-Forwarded-Proto`, `-Host` and `-Port`. Default false. */
  readonly trustProxy?: boolean;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/** Input to `sign` for {@link twilio}. */
export interface TwilioSignInput {
  /** The URL Twilio calls: absolute, or a path and query when the scheme has a `publicUrl`. */
  readonly url: string;
  /** Form parameters (voice and messaging webhooks). */
  readonly params?: Readonly<Record<string, string>>;
  /** A JSON body instead of parameters: the URL then carries `bodySHA256`. */
  readonly body?: unknown;
}

/** What Twilio sends; `url` is the URL it signed (with `bodySHA256` for a JSON body). */
export interface TwilioSignedRequest extends SignedHttpRequest {
  readonly url: string;
}

/** The URL, then each field's name and value (`fields` from {@link sortedNamesAndValues}). */
function formMessage(url: string, fields: readonly MessagePart[]): MessagePart[] {
  return [{ label: 'url', value: url }, ...fields];
}

/**
 * Twilio: `X-Twilio-Signature = base64(HMAC-SHA1(auth token, full URL + Σ key + value))`
 * for form posts, keys sorted by code unit. For a JSON body Twilio signs the URL alone and
 * adds `bodySHA256` (hex SHA-256 of the body) to its query; hookguard checks both. The URL
 * is tried as configured without its default port, then with it, as Twilio's SDK does.
 * Nothing is timestamped: replays are refused by the matched digest for 24 h (the unsigned
 * `I-Twilio-Idempotency-Token` is not used: a replay could carry a fresh one). The signed
 * string has no separators, so a captured signature also fits a rearranged form
 * (`Body=refund+10From%2B1555…`); as it is the same digest, that copy is `replayed` once
 * the original was accepted. Checked against twilio-node's `getExpectedTwilioSignature`,
 * `validateRequest` and `validateRequestWithBody`.
 *
 * Where hookguard is stricter than twilio-node: a repeated form key is
 * `malformed_request` (twilio-node signs the sorted distinct values); and it does not
 * retry re-escaped forms of the URL, only the URL as received.
 *
 * @example
 * ```ts
 * const scheme = twilio({ authToken: process.env.TWILIO_AUTH_TOKEN!, publicUrl: 'https://merchant.com' });
 * ```
 */
export function twilio<TPayload = Record<string, string>>(
  options: TwilioOptions,
): WebhookScheme<TPayload, TwilioSignInput, TwilioSignedRequest> {
  const publicOrigin =
    options.publicUrl === undefined ? undefined : originFromPublicUrl(options.publicUrl, NAME);
  const trustProxy = options.trustProxy === true;
  return defineWebhookScheme<TPayload, TwilioSignInput, TwilioSignedRequest>({
    name: NAME,
    provider: NAME,
    mediaType: 'either',
    algorithm: 'sha1',
    keys: keysFromSecrets(options.authToken, 'authToken', NAME),
    tolerance: false,
    // One signature per request: its digest. I-Twilio-Idempotency-Token is not signed, so it
    // must not decide whether a delivery is new (a replay would carry a fresh one).
    replayBy: 'digest',
    replayTtlSeconds: resolveReplayTtl(false, options.replayTtl, NAME),
    signatureFormat: 'base64',
    read(request) {
      const origin = publicOrigin ?? originFromRequest(request, trustProxy, NAME);
      const path = pathAndQuery(request.url, NAME);
      const urls = [urlWithoutDefaultPort(origin, path), urlWithPort(origin, path)];
      const query = path.indexOf('?') === -1 ? '' : path.slice(path.indexOf('?') + 1);
      // Parsed only when it can hold the parameter: most form webhooks have no query at all.
      const expectedHash = query.includes(BODY_HASH_PARAM)
        ? new URLSearchParams(query).get(BODY_HASH_PARAM)
        : null;
      const signatures = signatureList(request.header('x-twilio-signature'));
      const signatureSource = 'the X-Twilio-Signature header';
      const mismatchHint = `Twilio signs the full URL it called, as set in its console; hookguard checked ${urls[0]}. Behind a proxy, set publicUrl to your public origin.`;
      if (expectedHash !== null) {
        // JSON body: the URL is signed, and it carries the body's hash.
        const [primary, ...alternatives] = urls.map((url) => [{ label: 'url', value: url }]);
        return {
          signatures,
          signatureSource,
          mismatchHint,
          message: primary as MessagePart[],
          alternatives: urls[0] === urls[1] ? undefined : alternatives,
          payload: () => {
            const expected = decodeHex(expectedHash) ?? new Uint8Array(0);
            if (!constantTimeEqual(sha256([request.body]), expected)) {
              throw new WebhookVerificationError(
                'invalid_signature',
                `the body does not match the ${BODY_HASH_PARAM} the URL was signed with.`,
                { provider: NAME },
              );
            }
            return (request.body.length === 0 ? undefined : request.json()) as TPayload;
          },
        };
      }
      const form = request.form();
      const fields = form.singles(form.names());
      // The fields are sorted once; only the URL differs between the forms tried.
      const signedFields = sortedNamesAndValues(fields);
      const [primary, ...alternatives] = urls.map((url) => formMessage(url, signedFields));
      return {
        signatures,
        signatureSource,
        mismatchHint,
        message: primary as MessagePart[],
        alternatives: urls[0] === urls[1] ? undefined : alternatives,
        payload: () => form.toObject(fields.keys()) as TPayload,
      };
    },
    decode: decodePlain('base64'),
    encode: encodePlain('base64', 'sha1'),
    sign(input, context) {
      let origin: PublicOrigin | undefined = publicOrigin;
      let path = input?.url;
      if (typeof path !== 'string') throw new TypeError(`[hookguard] ${NAME}: sign needs { url }.`);
      if (/^https?:\/\//i.test(path)) {
        const url = new URL(path);
        origin = originFromPublicUrl(url.origin, NAME);
        path = `${url.pathname}${url.search}`;
      }
      if (origin === undefined)
        throw new TypeError(
          `[hookguard] ${NAME}: sign needs an absolute url, or a publicUrl on the scheme.`,
        );
      const key = context.key();
      if (input.body !== undefined) {
        const body = bodyToSend(input.body);
        const url = `${urlWithoutDefaultPort(origin, path)}${path.includes('?') ? '&' : '?'}${BODY_HASH_PARAM}=${sha256Hex(body)}`;
        const signature = encodeDigest(
          context.digest([{ label: 'url', value: url }], key),
          'base64',
        );
        return {
          url,
          headers: { 'content-type': 'application/json', 'x-twilio-signature': signature },
          body,
        };
      }
      const entries = fieldEntries(input.params ?? {}, NAME);
      const url = urlWithoutDefaultPort(origin, path);
      const signature = encodeDigest(
        context.digest(formMessage(url, sortedNamesAndValues(new Map(entries))), key),
        'base64',
      );
      return {
        url,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signature,
        },
        body: formBody(entries),
      };
    },
  });
}

const TWILIO_ROUTE = '/webhooks/twilio';

/** Twilio in the list of providers: an SMS webhook (a form) in the demo. */
export const TWILIO_PROVIDER = {
  id: NAME,
  title: 'Twilio webhooks',
  vendor: 'twilio',
  verifies: true,
  mediaType: 'either',
  timestamped: false,
  settings: [
    {
      option: 'authToken',
      env: 'TWILIO_AUTH_TOKEN',
      secret: true,
      format: 'list',
      description: 'auth token',
      demo: 'demo-twilio-auth-token',
    },
    {
      option: 'publicUrl',
      env: 'TWILIO_PUBLIC_URL',
      secret: false,
      flag: '--public-url',
      format: 'text',
      description: 'public origin as set in the Twilio console',
      demo: 'https://merchant.example',
    },
  ],
  factory: twilio,
  route: TWILIO_ROUTE,
  sample: (now) => ({
    url: TWILIO_ROUTE,
    params: { Body: 'PAY 100', From: '+15551230000', MessageSid: `SM${now}` },
  }),
  signInput: (body, path) => ({ url: path, params: formFields(body) }),
  checkedAgainst: {
    vector: "Twilio's documented examples",
    sdk: {
      package: 'twilio',
      functions: ['getExpectedTwilioSignature', 'validateRequest', 'validateRequestWithBody'],
    },
  },
} as const satisfies ProviderDefinition;
