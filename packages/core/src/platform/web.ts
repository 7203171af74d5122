import type {
  DiagnosticsChannel,
  HmacAlgorithm,
  Platform,
  SignatureAlgorithm,
} from './platform.js';

/**
 * Web Crypto and plain `Uint8Array` code: every runtime without `node:crypto` that hookguard
 * is tested on (workerd without `nodejs_compat`, Vercel's Edge runtime, Deno, Bun), chosen
 * by the `workerd`, `worker`, `edge-light`, `browser`, `deno`, `bun` and default conditions.
 * Nothing here touches `Buffer`, `process` or a Node-only module.
 */

const HASH: Record<HmacAlgorithm, string> = { sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' };

/** A `CryptoKey`, named without assuming the DOM library's or Node's global types. */
type ImportedKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

// Importing a key costs about as much as the HMAC itself; a scheme's keys live as long as
// the scheme, so each is imported once per algorithm. Keyed by the key's bytes object,
// which the scheme holds: nothing is kept once the scheme is gone.
const importedKeys = new WeakMap<Uint8Array, Map<HmacAlgorithm, Promise<ImportedKey>>>();

function importedKey(algorithm: HmacAlgorithm, key: Uint8Array): Promise<ImportedKey> {
  let byAlgorithm = importedKeys.get(key);
  if (byAlgorithm === undefined) {
    byAlgorithm = new Map();
    importedKeys.set(key, byAlgorithm);
  }
  let imported = byAlgorithm.get(algorithm);
  if (imported === undefined) {
    imported = crypto.subtle.importKey(
      'raw',
      key as Uint8Array<ArrayBuffer>,
      { name: 'HMAC', hash: HASH[algorithm] },
      false,
      ['sign'],
    );
    // A failed import is not cached, so a later call can try again.
    imported.catch(() => byAlgorithm.delete(algorithm));
    byAlgorithm.set(algorithm, imported);
  }
  return imported;
}

/** Web Crypto's name for each algorithm: for importing the key, then for signing/verifying. */
const ALGORITHM: Record<
  SignatureAlgorithm,
  {
    readonly key: { name: string; [option: string]: string };
    readonly use: { name: string; hash?: string };
  }
> = {
  ed25519: { key: { name: 'Ed25519' }, use: { name: 'Ed25519' } },
  'ecdsa-p256-sha256': {
    key: { name: 'ECDSA', namedCurve: 'P-256' },
    use: { name: 'ECDSA', hash: 'SHA-256' },
  },
  'rsa-pkcs1-sha1': {
    key: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' },
    use: { name: 'RSASSA-PKCS1-v1_5' },
  },
  'rsa-pkcs1-sha256': {
    key: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    use: { name: 'RSASSA-PKCS1-v1_5' },
  },
};

// Imported once per key bytes and algorithm, like the HMAC keys above.
const importedPublicKeys = new WeakMap<Uint8Array, Map<SignatureAlgorithm, Promise<ImportedKey>>>();
const importedPrivateKeys = new WeakMap<
  Uint8Array,
  Map<SignatureAlgorithm, Promise<ImportedKey>>
>();

function importedSigningKey(
  cache: WeakMap<Uint8Array, Map<SignatureAlgorithm, Promise<ImportedKey>>>,
  format: 'spki' | 'pkcs8',
  algorithm: SignatureAlgorithm,
  key: Uint8Array,
): Promise<ImportedKey> {
  let byAlgorithm = cache.get(key);
  if (byAlgorithm === undefined) {
    byAlgorithm = new Map();
    cache.set(key, byAlgorithm);
  }
  let imported = byAlgorithm.get(algorithm);
  if (imported === undefined) {
    imported = crypto.subtle.importKey(
      format,
      key as Uint8Array<ArrayBuffer>,
      ALGORITHM[algorithm].key,
      false,
      [format === 'spki' ? 'verify' : 'sign'],
    );
    imported.catch(() => byAlgorithm.delete(algorithm));
    byAlgorithm.set(algorithm, imported);
  }
  return imported;
}

const encoder = new TextEncoder();
const HEX_DIGITS = '0123456789abcdef';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Each character code's 6-bit value in either base64 alphabet (validated by the caller). */
const SEXTETS = new Uint8Array(128);
for (let i = 0; i < 64; i++) {
  SEXTETS[BASE64.charCodeAt(i)] = i;
  SEXTETS[BASE64URL.charCodeAt(i)] = i;
}

/** Each byte as one character; `TextDecoder`'s `latin1` label is windows-1252, not this. */
function latin1(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  // In slices: `apply` passes each byte as an argument, and engines cap argument counts.
  for (let from = start; from < end; from += 8192)
    text += String.fromCharCode.apply(
      null,
      bytes.subarray(from, Math.min(from + 8192, end)) as never,
    );
  return text;
}

function toHex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += HEX_DIGITS[byte >> 4] + (HEX_DIGITS[byte & 15] as string);
  return text;
}

function fromHex(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length >> 1);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

function toBase64(bytes: Uint8Array, url: boolean): string {
  const alphabet = url ? BASE64URL : BASE64;
  let text = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const triple =
      ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    text +=
      (alphabet[triple >> 18] as string) +
      alphabet[(triple >> 12) & 63] +
      alphabet[(triple >> 6) & 63] +
      alphabet[triple & 63];
  }
  const left = bytes.length - i;
  if (left === 1) {
    const single = bytes[i] as number;
    text += (alphabet[single >> 2] as string) + alphabet[(single & 3) << 4] + (url ? '' : '==');
  } else if (left === 2) {
    const pair = ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
    text +=
      (alphabet[pair >> 10] as string) +
      alphabet[(pair >> 4) & 63] +
      alphabet[(pair & 15) << 2] +
      (url ? '' : '=');
  }
  return text;
}

/** Unpadded base64 or base64url; the caller validated the alphabet and the length. */
function fromBase64(text: string): Uint8Array {
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    buffer = (buffer << 6) | (SEXTETS[text.charCodeAt(i)] as number);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[length++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes;
}

function concat(pieces: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const piece of pieces) length += piece.length;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const piece of pieces) {
    joined.set(piece, offset);
    offset += piece.length;
  }
  return joined;
}

/** The part of `node:diagnostics_channel` the core uses, as a runtime may offer it. */
interface DiagnosticsModule {
  channel(name: string): {
    readonly hasSubscribers: boolean | (() => boolean);
    publish(message: unknown): void;
  };
}

/**
 * `node:diagnostics_channel` where the runtime hands it out without an import (Bun, Deno,
 * workerd with `nodejs_compat`): a static `import 'node:…'` would stop a Worker without
 * `nodejs_compat` from loading at all, so the module is asked for, never imported. Reached
 * through `globalThis` so that a bundler's check for Node APIs (Next.js's Edge build) sees
 * no `process` use. Undefined elsewhere (workerd without the flag, Vercel Edge, browsers):
 * the core then publishes nothing.
 */
function diagnosticsChannel(): ((name: string) => DiagnosticsChannel) | undefined {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process;
  let module: DiagnosticsModule | undefined;
  try {
    module = runtime?.getBuiltinModule?.('node:diagnostics_channel') as
      | DiagnosticsModule
      | undefined;
  } catch {
    return undefined;
  }
  if (typeof module?.channel !== 'function') return undefined;
  const { channel } = module;
  return (name) => {
    const named = channel(name);
    // workerd's nodejs_compat at older compatibility dates (2024-09-23, which the runtime
    // tests use) has `hasSubscribers` as a method rather than a getter.
    if (typeof named.hasSubscribers !== 'function') return named as DiagnosticsChannel;
    const hasSubscribers = named.hasSubscribers.bind(named);
    return {
      get hasSubscribers() {
        return hasSubscribers();
      },
      publish: (message) => named.publish(message),
    };
  };
}

export const platform: Platform = {
  name: 'web-crypto',
  hmacSync: undefined,
  sha256Sync: undefined,
  async hmac(algorithm, key, message) {
    const signature = await crypto.subtle.sign(
      'HMAC',
      await importedKey(algorithm, key),
      message as Uint8Array<ArrayBuffer>,
    );
    return new Uint8Array(signature);
  },
  async sha256(message) {
    return new Uint8Array(
      await crypto.subtle.digest('SHA-256', message as Uint8Array<ArrayBuffer>),
    );
  },
  digestSync: undefined,
  async digest(algorithm, message) {
    return new Uint8Array(
      await crypto.subtle.digest(HASH[algorithm], message as Uint8Array<ArrayBuffer>),
    );
  },
  // No early exit: every byte is compared whatever the first difference. JavaScript gives
  // no constant-time guarantee, but this loop has no data-dependent branch, which is what
  // Stripe's and Svix's SDKs rely on as well.
  timingSafeEqual(a, b) {
    let difference = 0;
    for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number);
    return difference === 0;
  },
  randomUUID: () => crypto.randomUUID(),
  verifySync: undefined,
  async verify(algorithm, publicKey, message, signature) {
    const key = await importedSigningKey(importedPublicKeys, 'spki', algorithm, publicKey);
    try {
      return await crypto.subtle.verify(
        ALGORITHM[algorithm].use,
        key,
        signature as Uint8Array<ArrayBuffer>,
        message as Uint8Array<ArrayBuffer>,
      );
    } catch {
      // Some runtimes refuse a malformed signature (a wrong length) instead of answering false.
      return false;
    }
  },
  signSync: undefined,
  async sign(algorithm, privateKey, message) {
    const key = await importedSigningKey(importedPrivateKeys, 'pkcs8', algorithm, privateKey);
    const signature = await crypto.subtle.sign(
      ALGORITHM[algorithm].use,
      key,
      message as Uint8Array<ArrayBuffer>,
    );
    return new Uint8Array(signature);
  },
  utf8: (text) => encoder.encode(text),
  utf8Length: (text) => encoder.encode(text).length,
  // ASCII is valid UTF-8 that decodes to the same characters.
  latin1,
  toHex,
  fromHex,
  toBase64,
  fromBase64: (text) => fromBase64(text),
  allocate: (length) => new Uint8Array(length),
  concat,
  checkPublicKey: undefined,
  crc32: undefined,
  channel: diagnosticsChannel(),
};
