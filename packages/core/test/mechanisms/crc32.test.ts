import { crc32 as zlibCrc32 } from 'node:zlib';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { crc32, portableCrc32 } from '../../src/crypto/crc32.js';

// The CRC-32 PayPal signs, against zlib's (Node 20.15+) and the standard check value.

describe('crc32', () => {
  it('gives the check value of "123456789" (0xCBF43926) and 0 for nothing', () => {
    for (const crc of [crc32, portableCrc32]) {
      expect(crc(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
      expect(crc(new Uint8Array())).toBe(0);
    }
  });

  it('is unsigned: a CRC with the top bit set stays above 2^31', () => {
    // "a" has CRC-32 0xE8B7BE43, which a signed port would give as -390611389.
    expect(portableCrc32(new TextEncoder().encode('a'))).toBe(3904355907);
    expect(crc32(new TextEncoder().encode('a'))).toBe(3904355907);
  });

  test.prop([fc.uint8Array({ maxLength: 4096 })])('agrees with zlib on any bytes', (bytes) => {
    expect(crc32(bytes)).toBe(zlibCrc32(bytes));
    // The portable one, which runtimes without zlib (and Node before 20.15) use.
    expect(portableCrc32(bytes)).toBe(zlibCrc32(bytes));
  });
});
