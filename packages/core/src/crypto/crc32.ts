import { platform } from '#platform';

// The CRC-32 table (ISO-HDLC, reflected polynomial 0xEDB88320), built once on first use.
let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  const built = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    built[n] = c >>> 0;
  }
  return built;
}

/**
 * CRC-32 (the zlib/PNG one) of the bytes, as an unsigned integer: zlib's where the runtime
 * has it (Node 20.15+, ten times faster), else {@link portableCrc32}. PayPal signs the body's
 * CRC-32 as an unsigned decimal; Java's `CRC32.getValue()` is unsigned, and a signed 32-bit
 * value (what a bitwise JavaScript port gives without `>>> 0`) never verifies for half of
 * all bodies.
 */
export function crc32(bytes: Uint8Array): number {
  return platform.crc32 === undefined ? portableCrc32(bytes) : platform.crc32(bytes);
}

/** CRC-32 in plain JavaScript, checked against zlib's in test/mechanisms/crc32.test.ts. */
export function portableCrc32(bytes: Uint8Array): number {
  table ??= crcTable();
  let crc = 0xffffffff;
  // An indexed loop: twice as fast as for…of here (a 1.3 KB body in 4 µs, not 8).
  for (let i = 0; i < bytes.length; i++)
    crc = (table[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
