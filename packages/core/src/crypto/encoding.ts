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

/** Standard base64 (RFC 4648 §4), padding optional. */
export function decodeBase64(text: string): Uint8Array | undefined {
  return BASE64.test(text) ? decodeCanonical(text, false) : undefined;
}

/** URL-safe base64 (RFC 4648 §5), padding optional. */
export function decodeBase64Url(text: string): Uint8Array | undefined {
  return BASE64URL.test(text) ? decodeCanonical(text, true) : undefined;
}

/** Hex, either case. */
export function decodeHex(text: string): Uint8Array | undefined {
  if (!HEX.test(text)) return undefined;
  return platform.fromHex(text);
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
