import { platform } from '#platform';
import type { HmacAlgorithm, SignatureAlgorithm } from '../platform/platform.js';
import { hmac } from './run-with-crypto.js';

export type { HmacAlgorithm } from '../platform/platform.js';

/** One piece of the string to sign, labelled so `explain` can show where it came from. */
export interface MessagePart {
  readonly label: string;
  readonly value: string | Uint8Array;
  /**
   * What `explain` shows in place of `value` where the value holds a credential (the
   * password of a Twilio URL with Basic auth): signed as `value`, never shown as it.
   */
  readonly display?: string;
}

/** HMAC of the parts in order (see `runWithCrypto` for where it may be called). */
export function hmacDigest(
  algorithm: HmacAlgorithm,
  secret: Uint8Array,
  parts: readonly MessagePart[],
): Uint8Array {
  return hmac(algorithm, secret, parts);
}

/** The parts as the exact bytes that were signed (for `explain`, not the hot path). */
export function messageBytes(parts: readonly MessagePart[]): Uint8Array {
  return platform.concat(
    parts.map((part) => (typeof part.value === 'string' ? platform.utf8(part.value) : part.value)),
  );
}

/** True for an HMAC algorithm, false for a public-key one. */
export function isHmacAlgorithm(
  algorithm: HmacAlgorithm | SignatureAlgorithm,
): algorithm is HmacAlgorithm {
  return algorithm === 'sha1' || algorithm === 'sha256' || algorithm === 'sha512';
}

const SIGNATURE_LABELS: Record<SignatureAlgorithm, string> = {
  ed25519: 'Ed25519',
  'ecdsa-p256-sha256': 'ECDSA P-256 with SHA-256',
  'rsa-pkcs1-sha1': 'RSA PKCS#1 v1.5 with SHA-1',
  'rsa-pkcs1-sha256': 'RSA PKCS#1 v1.5 with SHA-256',
};

/** `HMAC-SHA256`, `Ed25519` and friends, as vendors write them in their docs. */
export function algorithmLabel(algorithm: HmacAlgorithm | SignatureAlgorithm): string {
  return isHmacAlgorithm(algorithm)
    ? `HMAC-${algorithm.toUpperCase()}`
    : SIGNATURE_LABELS[algorithm];
}
