import { platform } from '#platform';
import { decodeBase64, encodeDigest, utf8Text } from '../crypto/encoding.js';
import type { Handshake } from '../handshake/handshake.js';
import { keysFromSecrets, type SecretDecoder, type SecretInput } from '../keys/key-ring.js';
import { defineWebhookScheme, resolveReplayTtl, type WebhookScheme } from '../scheme.js';
import { bodyToSend, type SignedHttpRequest } from '../signed-request.js';
import { schemeName } from './hmac.js';
import { signatureList } from './read-helpers.js';

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
// RFC 7235 §2.1: the scheme name is case-insensitive, then one or more spaces and a token68.
const BASIC_CREDENTIALS = /^basic +([A-Za-z0-9+/]+={0,2})$/i;

/** Options for {@link sharedToken}. */
export interface SharedTokenOptions {
  /** The scheme's id, in errors and replay keys, such as `acme`. */
  readonly name: string;
  /** The vendor; default the name. */
  readonly provider?: string;
  /** The header the vendor puts the token in, such as `X-Gitlab-Token`. */
  readonly header: string;
  /**
   * The token as the vendor sends it; with `scheme: 'basic'`, `username:password`. A list
   * while rotating: every one is accepted, the first is the one `sign` sends.
   */
  readonly secret: SecretInput;
  /**
   * How the header carries the secret. `token` (default): as is. `basic`: HTTP Basic
   * authentication (RFC 7617), `Basic ` and the base64 of `username:password`; the scheme
   * name is read case-insensitively and the credentials are compared once decoded.
   */
  readonly scheme?: 'token' | 'basic';
  /** What the vendor calls the secret, for messages; default `the shared token`. */
  readonly label?: string;
  /** The option that holds the secret, for configuration errors (`secretToken`); default `secret`. */
  readonly option?: string;
  /** Seconds a replay store remembers a body (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
  /** Setup requests the vendor sends, which the adapters answer (see `Handshake`). */
  readonly handshakes?: readonly Handshake[];
}

/** Input to `sign` for a {@link sharedToken} scheme. */
export interface SharedTokenSignInput {
  /** Text or bytes sent as they are, any other value as JSON. */
  readonly body?: unknown;
  /** Other headers to send (the vendor's event name, delivery id…); none of them is checked. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The header name, checked: a `TypeError` at configuration for anything else. */
function headerName(header: unknown, scheme: string): string {
  if (typeof header !== 'string' || !HEADER_NAME.test(header)) {
    throw new TypeError(
      `[hookguard] ${scheme}: header must be an HTTP header name, such as "X-Webhook-Token".`,
    );
  }
  return header.toLowerCase();
}

/**
 * `username:password` as Basic authentication's credentials: RFC 7617 forbids a colon in
 * the user-id, so the first colon splits them; no username, or no colon, is refused.
 */
const basicCredentials: SecretDecoder = (secret) =>
  secret.indexOf(':') > 0 ? platform.utf8(secret) : undefined;

/** The credentials of a Basic `Authorization` value, decoded; none when it is not one. */
function decodeBasic(text: string) {
  const token = BASIC_CREDENTIALS.exec(text)?.[1];
  const bytes = token === undefined ? undefined : decodeBase64(token);
  return bytes === undefined ? [] : [{ bytes, form: 'Basic credentials' }];
}

/**
 * A scheme for a vendor that proves a delivery by sending a shared secret as is (Telegram's
 * `X-Telegram-Bot-Api-Secret-Token`, GitLab's `X-Gitlab-Token`, Xendit's `x-callback-token`)
 * or as HTTP Basic credentials (Postmark). Each configured token is compared with the
 * received one in constant time, and neither is ever shown, not even by `explain`.
 *
 * **Nothing is signed.** A token proves that the sender knows it, not what it sent: anyone
 * who sees one delivery (a proxy's log, a leaked capture) can send any body with it, for as
 * long as the token lives. So there is no timestamp window, and the replay store can only
 * deduplicate on the SHA-256 of the whole body for 24 h: a vendor's retry of the same body
 * is refused, a forged body is not. Rotate the token, use HTTPS, and prefer what the vendor
 * offers besides (a real signature where it has one, its IP ranges); confirm anything worth
 * money through the vendor's API before acting on it.
 *
 * @example
 * ```ts
 * const acme = sharedToken({
 *   name: 'acme',
 *   header: 'X-Acme-Token',
 *   secret: process.env.ACME_WEBHOOK_TOKEN!,
 * });
 * ```
 */
export function sharedToken<TPayload = unknown>(
  options: SharedTokenOptions,
): WebhookScheme<TPayload, SharedTokenSignInput, SignedHttpRequest> {
  const name = schemeName(options?.name, 'sharedToken');
  const header = headerName(options.header, name);
  const scheme = options.scheme ?? 'token';
  if (scheme !== 'token' && scheme !== 'basic') {
    throw new TypeError(`[hookguard] ${name}: scheme must be 'token' or 'basic'.`);
  }
  const basic = scheme === 'basic';
  const label = options.label ?? (basic ? 'the Basic credentials' : 'the shared token');
  const keys = keysFromSecrets(
    options.secret,
    options.option ?? 'secret',
    name,
    basic ? basicCredentials : undefined,
  );
  // Nothing is computed from the body, so the usual cause of a mismatch is the secret itself.
  const mismatchHint = basic
    ? 'The credentials are compared once decoded: check the user name and password set for this webhook.'
    : `${label.charAt(0).toUpperCase()}${label.slice(1)} is compared as sent: check that it is the one set for this webhook.`;
  return defineWebhookScheme<TPayload, SharedTokenSignInput, SignedHttpRequest>({
    name,
    provider: options.provider ?? name,
    mediaType: 'json',
    algorithm: 'sha256',
    algorithmLabel: `${basic ? 'Basic credentials' : 'token'} compared as is (no HMAC)`,
    keys,
    tolerance: false,
    // Nothing is signed, so the exact body is all that tells deliveries apart:
    // deduplication only (docs/replay.md), since a replay may carry any body.
    replayBy: 'body',
    replayTtlSeconds: resolveReplayTtl(false, options.replayTtl, name),
    signatureFormat: basic ? 'Basic <base64 of username:password>' : label,
    signatureIsSecret: true,
    handshakes: options.handshakes,
    digest: (key) => key.bytes,
    read(request) {
      return {
        signatures: signatureList(request.header(header)),
        signatureSource: `the ${header} header`,
        message: [],
        mismatchHint,
        payload: () => request.json() as TPayload,
      };
    },
    decode: basic ? decodeBasic : (text) => [{ bytes: platform.utf8(text), form: 'text' }],
    encode: () => [
      {
        form: basic ? 'Basic and the base64 of the configured credentials' : `the configured token`,
        steps: [],
      },
    ],
    sign(input, context) {
      const bytes = context.key().bytes;
      const given = Object.fromEntries(
        Object.entries(input?.headers ?? {}).map(([field, value]) => [field.toLowerCase(), value]),
      );
      return {
        headers: {
          'content-type': 'application/json',
          ...given,
          [header]: basic ? `Basic ${encodeDigest(bytes, 'base64')}` : utf8Text(bytes),
        },
        body: bodyToSend(input?.body),
      };
    },
  });
}
