import { platform } from '#platform';

/**
 * Compares two byte strings in time that depends only on their lengths, never on where
 * they differ. When the lengths differ, `expected` is compared with itself so the same
 * work is done, then the result is forced to false: no early return that a caller could
 * time.
 */
export function constantTimeEqual(expected: Uint8Array, received: Uint8Array): boolean {
  const sameLength = expected.length === received.length;
  const equal = platform.timingSafeEqual(expected, sameLength ? received : expected);
  return sameLength && equal;
}
