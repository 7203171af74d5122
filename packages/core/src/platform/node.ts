import { Buffer } from 'node:buffer';
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { HmacAlgorithm, MessagePiece, Platform } from './platform.js';

/** A view of the same memory as a Buffer, for its codecs: no copy. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * HMAC of the pieces in order. Feeding the pieces one by one instead of concatenating them
 * first avoids copying a large body just to prepend a timestamp; runs of text pieces (a
 * form's names and values) go in as one update, because each update() crosses into C++,
 * which costs more than joining a few short strings.
 */
function hmacSync(
  algorithm: HmacAlgorithm,
  key: Uint8Array,
  message: readonly MessagePiece[],
): Uint8Array {
  const mac = createHmac(algorithm, key);
  let text = '';
  for (const { value } of message) {
    if (typeof value === 'string') {
      text += value;
      continue;
    }
    if (text !== '') {
      mac.update(text);
      text = '';
    }
    mac.update(value);
  }
  if (text !== '') mac.update(text);
  return mac.digest();
}

function sha256Sync(message: readonly (string | Uint8Array)[]): Uint8Array {
  const hash = createHash('sha256');
  for (const piece of message) hash.update(piece);
  return hash.digest();
}

/** `node:crypto` and `Buffer`: Node (the `node` condition). */
export const platform: Platform = {
  name: 'node:crypto',
  hmacSync,
  sha256Sync,
  hmac: async (algorithm, key, message) => hmacSync(algorithm, key, [{ value: message }]),
  sha256: async (message) => sha256Sync([message]),
  timingSafeEqual: (a, b) => timingSafeEqual(a, b),
  randomUUID: () => randomUUID(),
  utf8: (text) => Buffer.from(text, 'utf8'),
  utf8Length: (text) => Buffer.byteLength(text, 'utf8'),
  ascii: (bytes, start, end) => asBuffer(bytes).toString('latin1', start, end),
  toHex: (bytes) => asBuffer(bytes).toString('hex'),
  fromHex: (text) => Buffer.from(text, 'hex'),
  toBase64: (bytes, url) => asBuffer(bytes).toString(url ? 'base64url' : 'base64'),
  fromBase64: (text, url) => Buffer.from(text, url ? 'base64url' : 'base64'),
  concat: (pieces) => Buffer.concat(pieces),
};
