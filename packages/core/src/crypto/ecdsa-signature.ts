import { derElement, parseDer, positiveInteger, TAG } from './der.js';

/**
 * ECDSA signatures come in two forms: IEEE P1363 (`r ‖ s`, each left-padded to the curve's
 * size), which node:crypto and Web Crypto verify, and the DER `ECDSA-Sig-Value ::= SEQUENCE
 * { r INTEGER, s INTEGER }` of RFC 3279 §2.2.3, which some vendors send (SendGrid's Event
 * Webhook, base64-encoded). The platform takes P1363 only, so a DER signature is converted
 * once, when it is decoded.
 *
 * The conversion is strict: one accepted encoding per signature. BER would also take padded
 * integers, long-form lengths for short contents, or trailing bytes, and each such variant
 * verifies the same; a lenient decoder lets anyone turn one valid signature into many
 * distinct valid byte strings (the malleability Bitcoin's BIP 66 closed by requiring strict
 * DER). Strictness removes only that encoding freedom: ECDSA itself stays malleable (`(r, s)`
 * and `(r, n − s)` both verify), so nothing may treat a signature's bytes as a delivery's
 * identity.
 */

/**
 * The P1363 form (`r ‖ s`, each `size` bytes: 32 for P-256) of a DER ECDSA signature, or
 * undefined unless it is exactly a SEQUENCE of two positive INTEGERs in minimal DER, each at
 * most `size` bytes once its sign octet is dropped, with nothing after it.
 *
 * @example
 * const raw = ecdsaDerToP1363(decodeBase64(header), 32);
 * if (raw === undefined) return invalidSignature();
 */
export function ecdsaDerToP1363(der: Uint8Array, size: number): Uint8Array | undefined {
  if (!Number.isInteger(size) || size < 1)
    throw new TypeError(
      '[hookguard] ECDSA signature size must be a positive whole number of bytes.',
    );
  const parts = parseDer(der, (reader) => {
    const signature = reader.sequence();
    const r = positiveInteger(signature.next());
    const s = positiveInteger(signature.next());
    signature.end();
    return { r, s };
  });
  if (parts === undefined || parts.r.length > size || parts.s.length > size) return undefined;
  const raw = new Uint8Array(2 * size);
  raw.set(parts.r, size - parts.r.length);
  raw.set(parts.s, 2 * size - parts.s.length);
  return raw;
}

/** A positive number's big-endian magnitude as a minimal DER INTEGER. */
function positiveIntegerElement(magnitude: Uint8Array): Uint8Array {
  const start = magnitude.findIndex((byte) => byte !== 0);
  if (start === -1) throw new TypeError('[hookguard] Not an ECDSA signature: r or s is zero.');
  const digits = magnitude.subarray(start);
  // A set top bit would read as negative: a 0x00 sign octet goes first.
  const sign = (digits[0] as number) >= 0x80 ? 1 : 0;
  const contents = new Uint8Array(sign + digits.length);
  contents.set(digits, sign);
  return derElement(TAG.INTEGER, contents);
}

/**
 * The DER form of a P1363 ECDSA signature (`r ‖ s`, two halves of equal length), for signing
 * in the form a vendor sends (SendGrid). Throws a `TypeError` for bytes that cannot be one
 * (an odd or zero length, or a zero half): the input comes from our own signer.
 *
 * @example
 * const der = p1363ToEcdsaDer(await platform.sign('ecdsa-p256-sha256', privateKey, message));
 */
export function p1363ToEcdsaDer(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0)
    throw new TypeError(
      '[hookguard] A P1363 ECDSA signature is r ‖ s: two halves of equal length.',
    );
  const half = raw.length / 2;
  const r = positiveIntegerElement(raw.subarray(0, half));
  const s = positiveIntegerElement(raw.subarray(half));
  const contents = new Uint8Array(r.length + s.length);
  contents.set(r);
  contents.set(s, r.length);
  return derElement(TAG.SEQUENCE, contents);
}
