import { encodeDigest } from '../../crypto/encoding.js';
import { decodePlain, encodePlain } from '../../crypto/signature-forms.js';
import { keysFromSecrets, type SecretInput } from '../../keys/key-ring.js';
import { defineWebhookScheme, resolveReplayTtl, type WebhookScheme } from '../../scheme.js';
import { fieldEntries, formBody, type SignedHttpRequest } from '../../signed-request.js';
import { formSignature, sortedNamesAndValues } from '../read-helpers.js';

const NAME = 'cashfree.subscription';
const SIGNED_PREFIX = 'cf_';

/** Options for {@link subscription}. */
export interface CashfreeSubscriptionOptions {
  /** The client secret; a list while rotating, newest first. */
  readonly secret: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/** Input to `sign` for {@link subscription}: the form fields to post (`cf_*` are signed). */
export interface CashfreeFormSignInput {
  readonly fields: Readonly<Record<string, string>>;
}

const isSigned = (name: string) => name.startsWith(SIGNED_PREFIX);

/**
 * Cashfree Subscriptions v1 callbacks: an `application/x-www-form-urlencoded` POST whose
 * `signature = base64(HMAC-SHA256(secret, Σ key + value))` over every `cf_*` field, keys
 * sorted by code unit (uppercase before `_` before lowercase), values form-decoded; an
 * empty value still adds its key. `signature` and non-`cf_` fields are not signed, and are
 * left out of the payload.
 *
 * Quirks: Cashfree's Java sample can never succeed and its PHP compares with `!=`. No
 * timestamp is signed, so a captured callback stays valid: hookguard deduplicates on the
 * signature (24 h by default). A repeated `cf_` key is `malformed_request`.
 *
 * @example
 * ```ts
 * const scheme = cashfree.subscription({ secret: process.env.CASHFREE_CLIENT_SECRET! });
 * const { payload } = await verify(scheme, request); // payload.cf_status === 'ACTIVE'
 * ```
 */
export function subscription(
  options: CashfreeSubscriptionOptions,
): WebhookScheme<Record<string, string>, CashfreeFormSignInput, SignedHttpRequest> {
  return defineWebhookScheme<Record<string, string>, CashfreeFormSignInput, SignedHttpRequest>({
    name: NAME,
    provider: 'cashfree',
    mediaType: 'form',
    algorithm: 'sha256',
    keys: keysFromSecrets(options.secret, 'secret', NAME),
    tolerance: false,
    replayBy: 'signature',
    replayTtlSeconds: resolveReplayTtl(false, options.replayTtl, NAME),
    signatureFormat: 'base64',
    read(request) {
      const form = request.form();
      const signed = form.names().filter(isSigned);
      return {
        ...formSignature(form),
        message: sortedNamesAndValues(form.singles(signed)),
        payload: () => form.toObject(signed),
      };
    },
    decode: decodePlain('base64'),
    encode: encodePlain('base64', 'sha256'),
    sign(input, context) {
      const entries = fieldEntries(input?.fields, NAME);
      const message = sortedNamesAndValues(new Map(entries.filter(([name]) => isSigned(name))));
      const signature = encodeDigest(context.digest(message, context.key()), 'base64');
      return {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: formBody([...entries, ['signature', signature]]),
      };
    },
  });
}
