/** What a vendor sends: headers (lowercased names) and the body, byte for byte. */
export interface SignedHttpRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array;
}

/** A body to sign: text or bytes are sent as they are; any other value is sent as JSON. */
export function bodyToSend(body: unknown): string | Uint8Array {
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body === undefined) return '';
  return JSON.stringify(body);
}

/** Fields as an `application/x-www-form-urlencoded` body (`URLSearchParams` encoding). */
export function formBody(fields: Iterable<readonly [string, string]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of fields) params.append(name, value);
  return params.toString();
}

/** Own enumerable string fields of an object, validated: form values must be strings. */
export function fieldEntries(fields: unknown, scheme: string): [string, string][] {
  if (fields === null || typeof fields !== 'object') {
    throw new TypeError(`[hookguard] ${scheme}: sign expects { fields: { name: value, … } }.`);
  }
  return Object.entries(fields).map(([name, value]) => {
    if (typeof value !== 'string') {
      throw new TypeError(
        `[hookguard] ${scheme}: form field ${JSON.stringify(name)} must be a string.`,
      );
    }
    return [name, value];
  });
}
