import { encodeDigest } from '../../crypto/encoding.js';
import type { MessagePart } from '../../crypto/hmac.js';
import { decodePlain, encodePlain } from '../../crypto/signature-forms.js';
import { keysFromSecrets, type SecretInput } from '../../keys/key-ring.js';
import { defineWebhookScheme, resolveReplayTtl, type WebhookScheme } from '../../scheme.js';
import { fieldEntries, formBody, type SignedHttpRequest } from '../../signed-request.js';
import { byCodeUnit, formSignature } from '../read-helpers.js';
import type { CashfreeFormSignInput } from './subscription.js';

const NAME = 'cashfree.payoutsV1';

/** Options for {@link payoutsV1}. */
export interface CashfreePayoutsV1Options {
  /** The client secret; a list while rotating, newest first. */
  readonly secret: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/** The string to sign: every field but `signature`, sorted by key, values only. */
function payoutsMessage(fields: ReadonlyMap<string, string>): MessagePart[] {
  return byCodeUnit(fields.keys()).map((name) => ({
    label: name,
    value: fields.get(name) as string,
  }));
}

/**
 * Cashfree Payouts v1 and Cashgram webhooks (form): every field except `signature`,
 * sorted by key, **values only** concatenated,
 * `signature = base64(HMAC-SHA256(secret, data))`. Every field is signed, so a repeated
 * field is `malformed_request`.
 *
 * Quirk: values are joined without separators, so characters can move between
 * neighbouring values without changing the signature; hookguard deduplicates on the
 * signature so only the first variant is accepted.
 */
export function payoutsV1(
  options: CashfreePayoutsV1Options,
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
      const names = form.names().filter((name) => name !== 'signature');
      return {
        ...formSignature(form),
        message: payoutsMessage(form.singles(names)),
        payload: () => form.toObject(names),
      };
    },
    decode: decodePlain('base64'),
    encode: encodePlain('base64', 'sha256'),
    sign(input, context) {
      const entries = fieldEntries(input?.fields, NAME);
      const message = payoutsMessage(new Map(entries.filter(([name]) => name !== 'signature')));
      const signature = encodeDigest(context.digest(message, context.key()), 'base64');
      return {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: formBody([...entries, ['signature', signature]]),
      };
    },
  });
}
