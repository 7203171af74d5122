import { platform } from '#platform';
import { WebhookVerificationError } from '../errors.js';
import { MAX_FORM_FIELDS } from '../limits.js';
import { type FormEntry, parseForm } from '../request/parse-form.js';
import { AUTHORITY, type SignedBase, signedBase } from '../request/signed-url.js';

// What the hmac() builder reads from beyond headers and the raw body: a query parameter of
// the URL, a field of the JSON body, the public URL; and how `sign` writes them.

/** Mercado Pago's rule: an ASCII letters-and-digits value is signed lower-cased. */
export function lowercaseIfAlphanumeric(value: string): string {
  return /^[A-Za-z0-9]+$/.test(value) ? value.toLowerCase() : value;
}

/** The value at a dot path of a parsed JSON object, or undefined. */
function jsonAt(body: unknown, path: string): unknown {
  let value = body;
  for (const field of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = Object.hasOwn(value, field) ? (value as Record<string, unknown>)[field] : undefined;
  }
  return value;
}

/**
 * A body field as the text that was signed: a string as it is, an integer in decimal (how
 * any sender writes one). Absent, null or empty is undefined; anything else (a fraction, an
 * object) has no one text, and is `malformed_request`.
 */
export function jsonText(body: unknown, path: string, scheme: string): string | undefined {
  const value = jsonAt(body, path);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw new WebhookVerificationError(
    'malformed_request',
    `the ${path} field of the body is not a string or an integer.`,
    { provider: scheme },
  );
}

export function missingField(path: string, scheme: string): WebhookVerificationError {
  return new WebhookVerificationError(
    'missing_signature',
    `the ${path} field of the body is missing.`,
    {
      provider: scheme,
    },
  );
}

/** Sets a dot path of a JSON object, making the objects on the way (for `sign`). */
export function setJson(body: Record<string, unknown>, path: string, value: string): void {
  const fields = path.split('.');
  let target = body;
  for (const field of fields.slice(0, -1)) {
    const next = target[field];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) target[field] = {};
    target = target[field] as Record<string, unknown>;
  }
  target[fields.at(-1) as string] = value;
}

/** The query parameters of a request target (its part after `?`), as form entries. */
export function queryEntries(target: string): FormEntry[] {
  const mark = target.indexOf('?');
  if (mark === -1) return [];
  const hash = target.indexOf('#', mark);
  const query = target.slice(mark + 1, hash === -1 ? undefined : hash);
  return parseForm(platform.utf8(query), MAX_FORM_FIELDS);
}

/**
 * The one value of a query parameter; missing is `missing_signature`, repeated `malformed_request`.
 */
export function queryValue(entries: readonly FormEntry[], name: string, scheme: string): string {
  let found: string | undefined;
  for (const [key, value] of entries) {
    if (key !== name) continue;
    if (found !== undefined) {
      throw new WebhookVerificationError(
        'malformed_request',
        `the signed query parameter ${JSON.stringify(name)} appears more than once.`,
        { provider: scheme },
      );
    }
    found = value;
  }
  if (found === undefined || found === '') {
    throw new WebhookVerificationError(
      'missing_signature',
      `the ${name} query parameter of the URL is missing; the signature covers it.`,
      { provider: scheme },
    );
  }
  return found;
}

/** Decodes the `%XX` escapes of the given characters, leaving every other escape as it is. */
export function unescaper(characters: string | undefined, scheme: string): (url: string) => string {
  if (characters === undefined || characters === '') return (url) => url;
  if (typeof characters !== 'string' || !/^[\x21-\x7e]+$/.test(characters)) {
    throw new TypeError(`[hookguard] ${scheme}: unescapeInUrl must be printable ASCII characters.`);
  }
  const codes = new Set([...characters].map((char) => char.charCodeAt(0)));
  return (url) =>
    url.replace(/%([0-9A-Fa-f]{2})/g, (encoded, hex: string) => {
      const code = Number.parseInt(hex, 16);
      return codes.has(code) ? String.fromCharCode(code) : encoded;
    });
}

/** A copy of the JSON object `sign` writes signed fields into: an object, or its JSON text. */
export function jsonBodyToSign(body: unknown, scheme: string): Record<string, unknown> {
  let value: unknown = body ?? {};
  if (typeof value === 'string' || value instanceof Uint8Array) {
    try {
      value = JSON.parse(typeof value === 'string' ? value : new TextDecoder().decode(value));
    } catch {
      value = undefined;
    }
  } else value = JSON.parse(JSON.stringify(value));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(
      `[hookguard] ${scheme}: sign expects a JSON object body (or its text); the signed fields go into it.`,
    );
  }
  return value as Record<string, unknown>;
}

/** The base and path a `{publicUrl}` scheme signs for `sign`'s `url`. */
export function publicUrlToSign(
  url: string,
  configured: SignedBase | undefined,
  scheme: string,
): { base: SignedBase; path: string } {
  const absolute = AUTHORITY.exec(url);
  if (absolute !== null) {
    // An absolute URL is the whole URL the vendor calls: its credentials, no prefix added.
    const [protocol, authority] = [absolute[1] as string, absolute[2] as string];
    return {
      base: signedBase(`${protocol}${authority}`, 'the url given to sign', scheme),
      path: url.slice(protocol.length + authority.length) || '/',
    };
  }
  if (configured === undefined)
    throw new TypeError(
      `[hookguard] ${scheme}: sign needs an absolute url, or a publicUrl on the scheme.`,
    );
  return { base: configured, path: url };
}
