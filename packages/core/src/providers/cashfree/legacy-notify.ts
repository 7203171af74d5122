import { encodeDigest } from '../../crypto/encoding.js';
import type { MessagePart } from '../../crypto/hmac.js';
import { decodePlain, encodePlain } from '../../crypto/signature-forms.js';
import { keysFromSecrets, type SecretInput } from '../../keys/key-ring.js';
import { defineWebhookScheme, resolveReplayTtl, type WebhookScheme } from '../../scheme.js';
import { fieldEntries, formBody, type SignedHttpRequest } from '../../signed-request.js';
import { formSignature, requireField } from '../read-helpers.js';
import type { CashfreeFormSignInput } from './subscription.js';

const NAME = 'cashfree.legacyNotify';

/** The signed fields, in the order they are concatenated. */
export const LEGACY_NOTIFY_FIELDS = [
  'orderId',
  'orderAmount',
  'referenceId',
  'txStatus',
  'paymentMode',
  'txMsg',
  'txTime',
] as const;

/** Options for {@link legacyNotify}. */
export interface CashfreeLegacyNotifyOptions {
  /** The secret key; a list while rotating, newest first. */
  readonly secret: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/** The seven legacy notify fields. */
export type CashfreeLegacyNotifyPayload = Record<(typeof LEGACY_NOTIFY_FIELDS)[number], string>;

function legacyMessage(fieldValue: (name: string) => string): MessagePart[] {
  return LEGACY_NOTIFY_FIELDS.map((name) => ({ label: name, value: fieldValue(name) }));
}

/**
 * Cashfree legacy Payment Gateway notify/return posts (form):
 * `signature = base64(HMAC-SHA256(secret, orderId + orderAmount + referenceId + txStatus +
 * paymentMode + txMsg + txTime))`, values exactly as posted (`100.00`, not `100`).
 *
 * Quirk: the values are joined without separators, so whoever sees one callback can move
 * characters between neighbouring fields (`orderAmount` `100.00` + `referenceId` `885123`
 * into `100.008` + `85123`) without changing the signature. hookguard deduplicates on the
 * signature, so only the first of such variants is accepted, and every field must be
 * present; still check the amount against your own order record.
 */
export function legacyNotify(
  options: CashfreeLegacyNotifyOptions,
): WebhookScheme<CashfreeLegacyNotifyPayload, CashfreeFormSignInput, SignedHttpRequest> {
  return defineWebhookScheme<CashfreeLegacyNotifyPayload, CashfreeFormSignInput, SignedHttpRequest>(
    {
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
        const signature = formSignature(form);
        const message = legacyMessage((name) => requireField(form, name, request));
        return {
          ...signature,
          message,
          payload: () => form.toObject(LEGACY_NOTIFY_FIELDS) as CashfreeLegacyNotifyPayload,
        };
      },
      decode: decodePlain('base64'),
      encode: encodePlain('base64', 'sha256'),
      sign(input, context) {
        const entries = fieldEntries(input?.fields, NAME);
        const values = new Map(entries);
        const message = legacyMessage((name) => {
          const value = values.get(name);
          if (value === undefined)
            throw new TypeError(`[hookguard] ${NAME}: sign needs the field ${name}.`);
          return value;
        });
        const signature = encodeDigest(context.digest(message, context.key()), 'base64');
        return {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: formBody([...entries, ['signature', signature]]),
        };
      },
    },
  );
}
