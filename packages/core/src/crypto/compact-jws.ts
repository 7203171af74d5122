import { decodeBase64Url } from './encoding.js';

/**
 * Reading a JWS in its compact serialisation (RFC 7515 §7.1: three base64url parts joined
 * by `.`) without trusting any of it: what the protected header and the payload say, and the
 * exact signing input, for a scheme to check the header's `alg` before anything else and to
 * verify the signature over `header.payload` itself. Nothing here verifies.
 */

/** A compact JWS, split and decoded. */
export interface CompactJws {
  /** The protected header's members, as sent (unverified until the signature is). */
  readonly header: Readonly<Record<string, unknown>>;
  /** The payload parsed as a JSON object (JWT claims), as sent. */
  readonly claims: Readonly<Record<string, unknown>>;
  /** `base64url(header)`, exactly as received: the first part of the signing input. */
  readonly encodedHeader: string;
  /** `base64url(payload)`, exactly as received. */
  readonly encodedPayload: string;
  /** The third part, as received; decoding it is the scheme's (its length is per algorithm). */
  readonly encodedSignature: string;
}

/** RFC 7515 §2: base64url with the `=` padding removed; a padded part is not one. */
const PART = /^[A-Za-z0-9_-]*$/;

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The JSON object a part encodes, or undefined (not base64url, not UTF-8, not an object). */
function jsonObjectOf(part: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64Url(part);
  if (bytes === undefined || bytes.length === 0) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(STRICT_UTF8.decode(bytes));
  } catch {
    return undefined;
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * The parts of a compact JWS whose header and payload are JSON objects (a JWT), or a reason
 * it is not one, for the message: not three parts, a part that is not unpadded base64url, a
 * header or payload that is not a UTF-8 JSON object, or a `crit` header (RFC 7515 §4.1.11:
 * extensions the reader does not understand must be refused, and hookguard understands
 * none). Callers bound the text's length first.
 *
 * @example
 * const jws = readCompactJws(request.header('plaid-verification'));
 * if (typeof jws === 'string') throw invalidSignature(jws);
 */
export function readCompactJws(text: string): CompactJws | string {
  const parts = text.split('.');
  if (parts.length !== 3) return `it has ${parts.length} part(s), not the 3 of a compact JWS`;
  const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
  if (!parts.every((part) => PART.test(part))) {
    return 'a part is not unpadded base64url';
  }
  const header = jsonObjectOf(encodedHeader);
  if (header === undefined) return 'its header is not a base64url JSON object';
  if (Object.hasOwn(header, 'crit')) {
    return 'its header has crit, naming extensions this verifier does not implement';
  }
  const claims = jsonObjectOf(encodedPayload);
  if (claims === undefined) return 'its payload is not a base64url JSON object';
  return { header, claims, encodedHeader, encodedPayload, encodedSignature };
}
