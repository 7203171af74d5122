import { createHmac } from 'node:crypto';

/** The HMAC hash functions the vendors use. */
export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** One piece of the string to sign, labelled so `explain` can show where it came from. */
export interface MessagePart {
  readonly label: string;
  readonly value: string | Uint8Array;
}

/**
 * HMAC of the parts in order. Feeding the parts one by one instead of concatenating
 * them first avoids copying a large body just to prepend a timestamp.
 */
export function hmacDigest(
  algorithm: HmacAlgorithm,
  secret: Uint8Array,
  parts: readonly MessagePart[],
): Buffer {
  const mac = createHmac(algorithm, secret);
  // Runs of text parts (a form's names and values) go in as one update: each update()
  // crosses into C++, which costs more than joining a few short strings.
  let text = '';
  for (const part of parts) {
    if (typeof part.value === 'string') {
      text += part.value;
      continue;
    }
    if (text !== '') {
      mac.update(text);
      text = '';
    }
    mac.update(part.value);
  }
  if (text !== '') mac.update(text);
  return mac.digest();
}

/** The parts as the exact bytes that were signed (for `explain`, not the hot path). */
export function messageBytes(parts: readonly MessagePart[]): Buffer {
  return Buffer.concat(
    parts.map((part) =>
      typeof part.value === 'string' ? Buffer.from(part.value, 'utf8') : part.value,
    ),
  );
}

/** `HMAC-SHA256` and friends, as vendors write it in their docs. */
export function algorithmLabel(algorithm: HmacAlgorithm): string {
  return `HMAC-${algorithm.toUpperCase()}`;
}
