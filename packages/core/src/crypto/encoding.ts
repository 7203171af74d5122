import { platform } from '#platform';

/**
 * Strict decoders for received signatures. Node's `Buffer.from(text, 'base64')` silently skips
 * characters outside the alphabet, so junk would decode to *something*; these return
 * undefined instead, and the caller reports `invalid_signature`.
 *
 * Leniency the spec asks for: base64 with or without `=` padding, hex in either case.
 */

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The 6-bit value of a validated base64 or base64url character. `+`/`-` (62) and `/`/`_` (63)
 * both have their low bits set, which is all the canonical check below asks of them.
 */
function sextet(char: string): number {
  const index = ALPHABET.indexOf(char);
  return index === -1 ? 63 : index;
}

/**
 * The decoded bytes, if `text` is a whole number of bytes, padded correctly when padded, and
 * canonical. The last character of a base64 string may carry unused low bits, which Node's
 * decoder ignores; refusing non-zero ones (RFC 4648 §3.5 allows it) means each digest has
 * exactly one accepted spelling, so altering any character of a signature changes what it
 * says. The caller has checked the alphabet, which allows at most two trailing `=`.
 */
function decodeCanonical(text: string, url: boolean): Uint8Array | undefined {
  const length = text.length - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
  const remainder = length % 4;
  // One leftover character carries fewer than 8 bits: not a whole byte.
  if (remainder === 1) return undefined;
  // Padding, when present, must complete the last quantum exactly.
  if (length !== text.length && text.length % 4 !== 0) return undefined;
  if (remainder !== 0) {
    const unusedBits = remainder === 2 ? 0b1111 : 0b11;
    if ((sextet(text.charAt(length - 1)) & unusedBits) !== 0) return undefined;
  }
  return platform.fromBase64(length === text.length ? text : text.slice(0, length), url);
}

/**
 * Texts up to this length (a 256-byte RSA signature in base64 is 344 characters) are decoded
 * by {@link decodeShort} in one pass; longer ones (certificates, Braintree's payloads) by
 * the platform's decoder after the checks above. Every received signature takes the short
 * path: a regular expression, then `Buffer.from` with its pooled allocation, cost as much as
 * a fifth of verifying a 256 B body beyond the HMAC and the parse (decision 163).
 */
const SHORT = 512;

/** Each character code's value: 0–63 in the alphabet, 64 for `=`, 255 outside. */
function sextetTable(alphabet: string): Uint8Array {
  const table = new Uint8Array(128).fill(255);
  for (let i = 0; i < 64; i++) table[alphabet.charCodeAt(i)] = i;
  table[61] = 64;
  return table;
}
const BASE64_SEXTETS = sextetTable(`${ALPHABET}+/`);
const BASE64URL_SEXTETS = sextetTable(`${ALPHABET}-_`);
const NIBBLES = new Uint8Array(128).fill(255);
for (let i = 0; i < 16; i++) {
  NIBBLES['0123456789abcdef'.charCodeAt(i)] = i;
  NIBBLES['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** The table's value for the character at `index`; 255 past the table (non-ASCII). */
function sextetAt(text: string, index: number, table: Uint8Array): number {
  const code = text.charCodeAt(index);
  return code < 128 ? (table[code] as number) : 255;
}

/**
 * Base64 or base64url decoded in one pass with the same rules as the regular expression
 * and {@link decodeCanonical}: only the alphabet, then at most two `=` that complete the
 * last quantum, and zero unused bits in the last character.
 */
function decodeShort(text: string, table: Uint8Array): Uint8Array | undefined {
  let length = text.length;
  if (length > 0 && text.charCodeAt(length - 1) === 61) {
    length--;
    if (length > 0 && text.charCodeAt(length - 1) === 61) length--;
    // Padding must complete the last quantum exactly.
    if (text.length % 4 !== 0) return undefined;
  }
  const remainder = length % 4;
  // One leftover character carries fewer than 8 bits: not a whole byte.
  if (remainder === 1) return undefined;
  const bytes = platform.allocate((length >> 2) * 3 + (remainder === 0 ? 0 : remainder - 1));
  let out = 0;
  let i = 0;
  for (; i + 4 <= length; i += 4) {
    const a = sextetAt(text, i, table);
    const b = sextetAt(text, i + 1, table);
    const c = sextetAt(text, i + 2, table);
    const d = sextetAt(text, i + 3, table);
    // 255 (outside the alphabet) and 64 (`=` before the end) both have bit 6 set.
    if (((a | b | c | d) & 0xc0) !== 0) return undefined;
    const quantum = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[out++] = quantum >> 16;
    bytes[out++] = (quantum >> 8) & 0xff;
    bytes[out++] = quantum & 0xff;
  }
  if (remainder === 0) return bytes;
  const a = sextetAt(text, i, table);
  const b = sextetAt(text, i + 1, table);
  const c = remainder === 3 ? sextetAt(text, i + 2, table) : 0;
  if (((a | b | c) & 0xc0) !== 0) return undefined;
  // The last character's unused low bits must be zero (see decodeCanonical).
  if (((remainder === 2 ? b : c) & (remainder === 2 ? 0b1111 : 0b11)) !== 0) return undefined;
  bytes[out++] = (a << 2) | (b >> 4);
  if (remainder === 3) bytes[out] = ((b & 0b1111) << 4) | (c >> 2);
  return bytes;
}

/** Standard base64 (RFC 4648 §4), padding optional. */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length <= SHORT) return decodeShort(text, BASE64_SEXTETS);
  return BASE64.test(text) ? decodeCanonical(text, false) : undefined;
}

/** URL-safe base64 (RFC 4648 §5), padding optional. */
export function decodeBase64Url(text: string): Uint8Array | undefined {
  if (text.length <= SHORT) return decodeShort(text, BASE64URL_SEXTETS);
  return BASE64URL.test(text) ? decodeCanonical(text, true) : undefined;
}

/** Hex, either case. */
export function decodeHex(text: string): Uint8Array | undefined {
  if (text.length > SHORT) return HEX.test(text) ? platform.fromHex(text) : undefined;
  if (text.length % 2 !== 0) return undefined;
  const bytes = platform.allocate(text.length >> 1);
  for (let i = 0; i < bytes.length; i++) {
    const high = sextetAt(text, 2 * i, NIBBLES);
    const low = sextetAt(text, 2 * i + 1, NIBBLES);
    // Both are 0–15 only if neither is 255 (outside the alphabet).
    if ((high | low) > 15) return undefined;
    bytes[i] = (high << 4) | low;
  }
  return bytes;
}

const lenientUtf8 = new TextDecoder();

/** Bytes as UTF-8 text, invalid sequences as U+FFFD (for showing, never for checking). */
export function utf8Text(value: string | Uint8Array): string {
  return typeof value === 'string' ? value : lenientUtf8.decode(value);
}

/** Each byte as one character (ISO-8859-1): for reading a short decoded signature as text. */
export function latin1Text(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/** The encodings a signature is sent in. */
export type SignatureEncoding = 'hex' | 'base64' | 'base64url';

/** Encodes a digest; base64url without padding, as vendors that use it send it. */
export function encodeDigest(digest: Uint8Array, encoding: SignatureEncoding): string {
  return encoding === 'hex'
    ? platform.toHex(digest)
    : platform.toBase64(digest, encoding === 'base64url');
}

/** Decodes a received signature in the given encoding, or undefined when it cannot be. */
export function decodeDigest(text: string, encoding: SignatureEncoding): Uint8Array | undefined {
  switch (encoding) {
    case 'hex':
      return decodeHex(text);
    case 'base64':
      return decodeBase64(text);
    case 'base64url':
      return decodeBase64Url(text);
  }
}
