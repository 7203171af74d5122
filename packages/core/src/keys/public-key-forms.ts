import { decodeBase64, decodeHex } from '../crypto/encoding.js';
import type { SignatureAlgorithm } from '../platform/platform.js';
import type { SecretDecoder } from './key-ring.js';

/**
 * The forms vendors show public keys in, each read into SPKI DER (what node:crypto and Web
 * Crypto both import), and the private-key forms `sign` takes (PKCS#8 DER). A key in
 * another form, or of the wrong length, is a `TypeError` at configuration time.
 */

// RFC 8410 §4 and §7: SubjectPublicKeyInfo / PrivateKeyInfo for id-Ed25519 (1.3.101.112)
// are a fixed prefix followed by the 32 raw bytes.
const ED25519_SPKI_PREFIX = [
  0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];
const ED25519_PKCS8_PREFIX = [
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];
const ED25519_KEY_BYTES = 32;

function prefixed(prefix: readonly number[], raw: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(prefix.length + raw.length);
  bytes.set(prefix);
  bytes.set(raw, prefix.length);
  return bytes;
}

/** An Ed25519 public key's 32 raw bytes as SPKI DER; undefined for another length. */
export function ed25519SpkiFromRaw(raw: Uint8Array | undefined): Uint8Array | undefined {
  return raw?.length === ED25519_KEY_BYTES ? prefixed(ED25519_SPKI_PREFIX, raw) : undefined;
}

/** An Ed25519 private key's 32-byte seed as PKCS#8 DER; undefined for another length. */
export function ed25519Pkcs8FromSeed(seed: Uint8Array | undefined): Uint8Array | undefined {
  return seed?.length === ED25519_KEY_BYTES ? prefixed(ED25519_PKCS8_PREFIX, seed) : undefined;
}

/** How a scheme's public key is written where the vendor shows it. */
export type PublicKeyEncoding =
  /** Ed25519, the 32 raw bytes in hex (Discord's developer portal). */
  | 'ed25519-hex'
  /** Ed25519, the 32 raw bytes in base64 (Telnyx's portal). */
  | 'ed25519-base64'
  /** Ed25519, `whpk_` and the 32 raw bytes in base64 (Standard Webhooks). */
  | 'ed25519-whpk'
  /** SubjectPublicKeyInfo DER in base64, no PEM armour (SendGrid's dashboard). */
  | 'spki-base64';

/** A base64 key, whitespace-tolerant: dashboards wrap long keys when copied. */
const base64 = (text: string) => decodeBase64(text.replace(/\s+/g, ''));

const PUBLIC_KEY_DECODERS: Record<PublicKeyEncoding, SecretDecoder> = {
  'ed25519-hex': (text) => ed25519SpkiFromRaw(decodeHex(text.trim())),
  'ed25519-base64': (text) => ed25519SpkiFromRaw(base64(text)),
  'ed25519-whpk': (text) => {
    const trimmed = text.trim();
    return trimmed.startsWith('whpk_') ? ed25519SpkiFromRaw(base64(trimmed.slice(5))) : undefined;
  },
  'spki-base64': (text) => base64(text),
};

/** Reads a public key written in `encoding` into SPKI DER. */
export function publicKeyDecoder(encoding: PublicKeyEncoding): SecretDecoder {
  return PUBLIC_KEY_DECODERS[encoding];
}

/**
 * Reads a private key for `sign` into PKCS#8 DER: for Ed25519 the 32-byte seed in the
 * public key's own text form (hex, base64, or `whsk_` + base64), else PKCS#8 DER in base64.
 */
export function privateKeyFrom(
  text: string,
  algorithm: SignatureAlgorithm,
  encoding: PublicKeyEncoding,
): Uint8Array | undefined {
  const trimmed = text.trim();
  if (algorithm !== 'ed25519') return base64(trimmed);
  switch (encoding) {
    case 'ed25519-hex':
      return ed25519Pkcs8FromSeed(decodeHex(trimmed));
    case 'ed25519-whpk': {
      if (!trimmed.startsWith('whsk_')) return undefined;
      // The 32-byte seed, or libsodium's 64-byte secret key (seed ‖ public key).
      const bytes = base64(trimmed.slice(5));
      return ed25519Pkcs8FromSeed(bytes?.length === 64 ? bytes.subarray(0, 32) : bytes);
    }
    default:
      return ed25519Pkcs8FromSeed(base64(trimmed));
  }
}
