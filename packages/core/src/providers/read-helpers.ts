import type { MessagePart } from '../crypto/hmac.js';
import { WebhookVerificationError } from '../errors.js';
import type { FormFields, IncomingWebhook } from '../request/incoming-webhook.js';

/** A signature value as the list `SignedParts.signatures` wants: empty when absent. */
export function signatureList(value: string | undefined): string[] {
  return value === undefined || value === '' ? [] : [value];
}

/** The `signature` field of a form body; a repeat is `malformed_request`. */
export function formSignature(form: FormFields): { signatures: string[]; signatureSource: string } {
  return {
    signatures: signatureList(form.single('signature')),
    signatureSource: 'the signature form field',
  };
}

/** A form field the string to sign cannot do without; absent is `malformed_request`. */
export function requireField(form: FormFields, name: string, request: IncomingWebhook): string {
  const value = form.single(name);
  if (value === undefined) {
    throw new WebhookVerificationError('malformed_request', `the form field ${name} is missing.`, {
      provider: request.provider,
    });
  }
  return value;
}

/** Sorts names by UTF-16 code unit: uppercase before `_` before lowercase, never by locale. */
export function byCodeUnit(names: Iterable<string>): string[] {
  // Array#sort without a comparator compares code units, which is what the vendors' PHP
  // `ksort`/Java `TreeMap` do for these ASCII keys. `localeCompare` would not.
  return [...names].sort();
}

/** Each field's name then its value, names in code-unit order (Cashfree v1 forms, Twilio). */
export function sortedNamesAndValues(fields: ReadonlyMap<string, string>): MessagePart[] {
  const message: MessagePart[] = [];
  for (const name of byCodeUnit(fields.keys())) {
    message.push({ label: `name ${name}`, value: name });
    message.push({ label: `value ${name}`, value: fields.get(name) as string });
  }
  return message;
}
