/**
 * Strict decoders for received signatures. `Buffer.from(text, 'base64')` silently skips
 * characters outside the alphabet, so junk would decode to *something*; these return
 * undefined instead, and the caller reports `invalid_signature`.
 *
 * Leniency the spec asks for: base64 with or without `=` padding, hex in either case.
 */

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

function hasValidLength(text: string): boolean {
  const unpadded = text.replace(/=+$/, '');
  // A single leftover character carries fewer than 8 bits: not a whole byte.
  if (unpadded.length % 4 === 1) return false;
  // Padding, when present, must complete the last quantum exactly.
  return unpadded.length === text.length || text.length % 4 === 0;
}

/**
 * The decoded bytes, if `text` is their one canonical encoding (padding aside). The last
 * character of a base64 string may carry unused low bits, which Node's decoder ignores;
 * refusing non-zero ones (RFC 4648 §3.5 allows it) means each digest has exactly one
 * accepted spelling, so altering any character of a signature changes what it says.
 */
function canonical(text: string, encoding: 'base64' | 'base64url'): Buffer | undefined {
  const unpadded = text.replace(/=+$/, '');
  const bytes = Buffer.from(unpadded, encoding);
  return bytes.toString(encoding).replace(/=+$/, '') === unpadded ? bytes : undefined;
}

/** Standard base64 (RFC 4648 §4), padding optional. */
export function decodeBase64(text: string): Buffer | undefined {
  if (!BASE64.test(text) || !hasValidLength(text)) return undefined;
  return canonical(text, 'base64');
}

/** URL-safe base64 (RFC 4648 §5), padding optional. */
export function decodeBase64Url(text: string): Buffer | undefined {
  if (!BASE64URL.test(text) || !hasValidLength(text)) return undefined;
  return canonical(text, 'base64url');
}

/** Hex, either case. */
export function decodeHex(text: string): Buffer | undefined {
  if (!HEX.test(text)) return undefined;
  return Buffer.from(text, 'hex');
}

/** The encodings a signature is sent in. */
export type SignatureEncoding = 'hex' | 'base64' | 'base64url';

/** Encodes a digest; base64url without padding, as vendors that use it send it. */
export function encodeDigest(digest: Uint8Array, encoding: SignatureEncoding): string {
  return Buffer.from(digest.buffer, digest.byteOffset, digest.byteLength).toString(encoding);
}

/** Decodes a received signature in the given encoding, or undefined when it cannot be. */
export function decodeDigest(text: string, encoding: SignatureEncoding): Buffer | undefined {
  switch (encoding) {
    case 'hex':
      return decodeHex(text);
    case 'base64':
      return decodeBase64(text);
    case 'base64url':
      return decodeBase64Url(text);
  }
}
