import { platform } from '#platform';
import type { HmacAlgorithm } from '../platform/platform.js';
import { hmac } from './run-with-crypto.js';

export type { HmacAlgorithm } from '../platform/platform.js';

/** One piece of the string to sign, labelled so `explain` can show where it came from. */
export interface MessagePart {
  readonly label: string;
  readonly value: string | Uint8Array;
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

/** `HMAC-SHA256` and friends, as vendors write it in their docs. */
export function algorithmLabel(algorithm: HmacAlgorithm): string {
  return `HMAC-${algorithm.toUpperCase()}`;
}
