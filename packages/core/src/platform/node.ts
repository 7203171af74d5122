import { Buffer } from 'node:buffer';
import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  randomUUID,
  sign,
  timingSafeEqual,
  verify,
} from 'node:crypto';
import { channel } from 'node:diagnostics_channel';
import * as zlib from 'node:zlib';
import type { HmacAlgorithm, MessagePiece, Platform, SignatureAlgorithm } from './platform.js';

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

function digestSync(
  algorithm: HmacAlgorithm,
  message: readonly (string | Uint8Array)[],
): Uint8Array {
  const hash = createHash(algorithm);
  for (const piece of message) hash.update(piece);
  return hash.digest();
}

function sha256Sync(message: readonly (string | Uint8Array)[]): Uint8Array {
  const hash = createHash('sha256');
  for (const piece of message) hash.update(piece);
  return hash.digest();
}

// Parsing a DER key costs more than verifying with it; a scheme's keys live as long as the
// scheme, so each key's bytes object is parsed once.
const publicKeys = new WeakMap<Uint8Array, KeyObject>();
const privateKeys = new WeakMap<Uint8Array, KeyObject>();

function publicKeyOf(spki: Uint8Array): KeyObject {
  let key = publicKeys.get(spki);
  if (key === undefined) {
    key = createPublicKey({ key: asBuffer(spki), format: 'der', type: 'spki' });
    publicKeys.set(spki, key);
  }
  return key;
}

function privateKeyOf(pkcs8: Uint8Array): KeyObject {
  let key = privateKeys.get(pkcs8);
  if (key === undefined) {
    key = createPrivateKey({ key: asBuffer(pkcs8), format: 'der', type: 'pkcs8' });
    privateKeys.set(pkcs8, key);
  }
  return key;
}

/** node:crypto's digest name for each algorithm (Ed25519 takes none: it hashes itself). */
const DIGEST: Record<SignatureAlgorithm, string | null> = {
  ed25519: null,
  'ecdsa-p256-sha256': 'sha256',
  'rsa-pkcs1-sha1': 'sha1',
  'rsa-pkcs1-sha256': 'sha256',
};

function verifySync(
  algorithm: SignatureAlgorithm,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  const key = publicKeyOf(publicKey);
  try {
    return verify(DIGEST[algorithm], message, { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    // OpenSSL refuses some malformed signatures (a wrong length) instead of answering false.
    return false;
  }
}

function signSync(
  algorithm: SignatureAlgorithm,
  privateKey: Uint8Array,
  message: Uint8Array,
): Uint8Array {
  return sign(DIGEST[algorithm], message, {
    key: privateKeyOf(privateKey),
    dsaEncoding: 'ieee-p1363',
  });
}

/** `node:crypto` and `Buffer`: Node (the `node` condition). */
export const platform: Platform = {
  name: 'node:crypto',
  hmacSync,
  sha256Sync,
  hmac: async (algorithm, key, message) => hmacSync(algorithm, key, [{ value: message }]),
  sha256: async (message) => sha256Sync([message]),
  digestSync,
  digest: async (algorithm, message) => digestSync(algorithm, [message]),
  timingSafeEqual: (a, b) => timingSafeEqual(a, b),
  randomUUID: () => randomUUID(),
  verifySync,
  verify: async (algorithm, publicKey, message, signature) =>
    verifySync(algorithm, publicKey, message, signature),
  signSync,
  sign: async (algorithm, privateKey, message) => signSync(algorithm, privateKey, message),
  utf8: (text) => Buffer.from(text, 'utf8'),
  utf8Length: (text) => Buffer.byteLength(text, 'utf8'),
  latin1: (bytes, start, end) => asBuffer(bytes).toString('latin1', start, end),
  toHex: (bytes) => asBuffer(bytes).toString('hex'),
  fromHex: (text) => Buffer.from(text, 'hex'),
  toBase64: (bytes, url) => asBuffer(bytes).toString(url ? 'base64url' : 'base64'),
  fromBase64: (text, url) => Buffer.from(text, url ? 'base64url' : 'base64'),
  allocate: (length) => Buffer.allocUnsafe(length),
  concat: (pieces) => Buffer.concat(pieces),
  checkPublicKey(spki) {
    try {
      publicKeyOf(spki);
      return true;
    } catch {
      return false;
    }
  },
  // Node 20.15 added zlib.crc32; on an older 20.x the portable one in crypto/crc32.ts runs.
  crc32: (zlib as { crc32?: (bytes: Uint8Array) => number }).crc32,
  channel,
};
