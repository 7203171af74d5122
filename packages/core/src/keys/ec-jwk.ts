import { decodeBase64Url } from '../crypto/encoding.js';

/**
 * A P-256 public key written as a JWK (RFC 7518 §6.2: `{ kty: 'EC', crv: 'P-256', x, y }`,
 * as Plaid's `/webhook_verification_key/get` answers it), read into the SPKI DER that
 * node:crypto and Web Crypto both import.
 */

/**
 * RFC 5480 §2: SubjectPublicKeyInfo { id-ecPublicKey (1.2.840.10045.2.1), prime256v1
 * (1.2.840.10045.3.1.7) } followed by the BIT STRING header of a 65-byte uncompressed point.
 */
const P256_SPKI_PREFIX = [
  0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
  0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
];
/** SEC 1 §2.3.3: an uncompressed point starts with 0x04. */
const UNCOMPRESSED = 0x04;
const COORDINATE_BYTES = 32;
/** RFC 7515 §2: base64url without padding, which is how a JWK writes its coordinates. */
const UNPADDED_BASE64URL = /^[A-Za-z0-9_-]+$/;

// FIPS 186-4 §D.1.2.3: y² = x³ − 3x + b over the prime p.
const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;

function coordinate(value: unknown): Uint8Array | undefined {
  if (typeof value !== 'string' || !UNPADDED_BASE64URL.test(value)) return undefined;
  const bytes = decodeBase64Url(value);
  // RFC 7518 §6.2.1.2: the full size of the field, leading zeros kept.
  return bytes?.length === COORDINATE_BYTES ? bytes : undefined;
}

function bigIntOf(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/**
 * Whether (x, y) is a point of P-256. An import of a point off the curve throws in
 * node:crypto (not a `false` verification) and fails in Web Crypto; checking here turns a
 * bad key document into a refusal when it is read, not an error on every request.
 */
function onCurve(x: Uint8Array, y: Uint8Array): boolean {
  const px = bigIntOf(x);
  const py = bigIntOf(y);
  if (px >= P || py >= P) return false;
  const right = (((px * px) % P) * px - 3n * px + B) % P;
  return (py * py) % P === (right + P) % P;
}

/**
 * The SPKI DER of a P-256 public JWK, or undefined for anything else: another `kty` or
 * `crv`, a coordinate that is not 32 bytes of unpadded base64url, or a point off the curve.
 * Other members (`alg`, `use`, `kid`) are the caller's to check.
 *
 * @example
 * const spki = p256SpkiFromJwk({ kty: 'EC', crv: 'P-256', x: '…', y: '…' });
 */
export function p256SpkiFromJwk(jwk: unknown): Uint8Array | undefined {
  if (jwk === null || typeof jwk !== 'object') return undefined;
  const { kty, crv, x, y } = jwk as Record<string, unknown>;
  if (kty !== 'EC' || crv !== 'P-256') return undefined;
  const xBytes = coordinate(x);
  const yBytes = coordinate(y);
  if (xBytes === undefined || yBytes === undefined || !onCurve(xBytes, yBytes)) return undefined;
  const spki = new Uint8Array(P256_SPKI_PREFIX.length + 1 + 2 * COORDINATE_BYTES);
  spki.set(P256_SPKI_PREFIX);
  spki[P256_SPKI_PREFIX.length] = UNCOMPRESSED;
  spki.set(xBytes, P256_SPKI_PREFIX.length + 1);
  spki.set(yBytes, P256_SPKI_PREFIX.length + 1 + COORDINATE_BYTES);
  return spki;
}
