import { encodeDigest } from '../../crypto/encoding.js';
import type { MessagePart } from '../../crypto/hmac.js';
import { decodePlain, encodePlain } from '../../crypto/signature-forms.js';
import { keysFromSecrets, type SecretInput } from '../../keys/key-ring.js';
import type { FormFields, IncomingWebhook } from '../../request/incoming-webhook.js';
import { defineWebhookScheme, resolveReplayTtl, type WebhookScheme } from '../../scheme.js';
import { fieldEntries, formBody, type SignedHttpRequest } from '../../signed-request.js';
import { formSignature } from '../read-helpers.js';

/** Input to `sign` for Cashfree's form callbacks: the form fields to post. */
export interface CashfreeFormSignInput {
  readonly fields: Readonly<Record<string, string>>;
}

/** Options every Cashfree form scheme takes. */
export interface CashfreeFormOptions {
  /** The secret; a list while rotating, newest first. */
  readonly secret: SecretInput;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/** What differs between Cashfree's form callbacks: which fields are signed, and how joined. */
interface CashfreeFormRules<TPayload> {
  readonly name: string;
  /** The string to sign and the payload of a received form. */
  read(
    form: FormFields,
    request: IncomingWebhook,
  ): { readonly message: MessagePart[]; readonly payload: () => TPayload };
  /** The string to sign for the fields being sent. */
  messageToSend(fields: ReadonlyMap<string, string>): MessagePart[];
}

/**
 * A Cashfree form callback (subscriptions v1, legacy notify, Payouts v1): a form POST
 * carrying `signature = base64(HMAC-SHA256(secret, …))` as a field, nothing timestamped,
 * so replays are refused by the matched digest.
 */
export function cashfreeFormScheme<TPayload>(
  options: CashfreeFormOptions,
  rules: CashfreeFormRules<TPayload>,
): WebhookScheme<TPayload, CashfreeFormSignInput, SignedHttpRequest> {
  const { name } = rules;
  return defineWebhookScheme<TPayload, CashfreeFormSignInput, SignedHttpRequest>({
    name,
    provider: 'cashfree',
    mediaType: 'form',
    algorithm: 'sha256',
    keys: keysFromSecrets(options.secret, 'secret', name),
    tolerance: false,
    replayBy: 'digest',
    replayTtlSeconds: resolveReplayTtl(false, options.replayTtl, name),
    signatureFormat: 'base64',
    read(request) {
      const form = request.form();
      // The signature first: a repeated or missing signature is reported before a field.
      const { signatures, signatureSource } = formSignature(form);
      const { message, payload } = rules.read(form, request);
      return { signatures, signatureSource, message, payload };
    },
    decode: decodePlain('base64'),
    encode: encodePlain('base64', 'sha256'),
    sign(input, context) {
      const entries = fieldEntries(input?.fields, name);
      const message = rules.messageToSend(new Map(entries));
      const signature = encodeDigest(context.digest(message, context.key()), 'base64');
      return {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: formBody([...entries, ['signature', signature]]),
      };
    },
  });
}
