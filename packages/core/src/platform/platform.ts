/**
 * What the core needs from the runtime, behind one small interface so that the same core
 * runs on Node and on every runtime that has only Web standards (workerd without
 * `nodejs_compat`, Vercel Edge, Deno, Bun, browsers).
 *
 * Two implementations, chosen by the package's `imports` conditions (`#platform` in
 * package.json), never at run time by sniffing globals:
 * - `node.ts`: `node:crypto` and `Buffer`, synchronous: the hot path of `verify` on Node,
 *   unchanged, and the synchronous `sign` and `explain`.
 * - `web.ts`: Web Crypto and plain `Uint8Array` code. Web Crypto is asynchronous only, so
 *   there `hmacSync`, `sha256Sync` and `digestSync` are absent and the core runs its
 *   synchronous checks through `runWithCrypto` (see `crypto/operations.ts`).
 *
 * One member is looked up rather than chosen: `channel`, on the Web build, is
 * `node:diagnostics_channel` where the runtime offers it through
 * `process.getBuiltinModule` (Bun, Deno, workerd with `nodejs_compat`). It only carries
 * observations out, never decides anything, so finding it absent changes no result.
 *
 * Everything is bytes in, bytes out (`Uint8Array`); nothing here sees a `Buffer` type.
 */

/** The HMAC hash functions the vendors use. */
export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** One piece of a signed message: text (hashed as UTF-8) or bytes. */
export interface MessagePiece {
  readonly value: string | Uint8Array;
}

/**
 * The public-key signature algorithms vendors use. Public keys are SPKI DER, private keys
 * PKCS#8 DER, whatever form the vendor shows them in (the presets convert); ECDSA
 * signatures are IEEE P1363 (`r ‖ s`, 64 bytes for P-256), which both node:crypto and Web
 * Crypto take, so a vendor's DER signature is converted once, when it is decoded.
 */
export type SignatureAlgorithm =
  | 'ed25519'
  | 'ecdsa-p256-sha256'
  | 'rsa-pkcs1-sha1'
  | 'rsa-pkcs1-sha256';

/**
 * A named `node:diagnostics_channel` channel, as far as the core uses one. Where the runtime
 * has no such module the core publishes nothing, and pays nothing.
 */
export interface DiagnosticsChannel {
  /** Whether anyone subscribed: the core builds and publishes a message only then. */
  readonly hasSubscribers: boolean;
  publish(message: unknown): void;
}

/** What a platform names itself, exported as `cryptoBackend`. */
export type CryptoBackend = 'node:crypto' | 'web-crypto';

export interface Platform {
  readonly name: CryptoBackend;

  /** HMAC of the pieces in order, at once; absent where the runtime has only Web Crypto. */
  readonly hmacSync:
    | ((algorithm: HmacAlgorithm, key: Uint8Array, message: readonly MessagePiece[]) => Uint8Array)
    | undefined;
  /** SHA-256 of the pieces in order, at once; absent where the runtime has only Web Crypto. */
  readonly sha256Sync: ((message: readonly (string | Uint8Array)[]) => Uint8Array) | undefined;
  /** HMAC of one byte string; the form every runtime has. */
  hmac(algorithm: HmacAlgorithm, key: Uint8Array, message: Uint8Array): Promise<Uint8Array>;
  /** SHA-256 of one byte string. */
  sha256(message: Uint8Array): Promise<Uint8Array>;
  /**
   * A plain hash (no key) of the pieces in order, at once; absent where the runtime has only
   * Web Crypto. Salted-hash schemes (Midtrans, PayU, PhonePe) hash their fields and a secret.
   */
  readonly digestSync:
    | ((algorithm: HmacAlgorithm, message: readonly (string | Uint8Array)[]) => Uint8Array)
    | undefined;
  /** A plain hash of one byte string. */
  digest(algorithm: HmacAlgorithm, message: Uint8Array): Promise<Uint8Array>;
  /**
   * Whether two byte strings of the same length are equal, in time that does not depend on
   * where they differ. Callers handle different lengths (`constantTimeEqual`).
   */
  timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean;
  /** A random (version 4) UUID. */
  randomUUID(): string;

  /** Whether `signature` is `publicKey`'s over `message`, at once; absent on Web Crypto. */
  readonly verifySync:
    | ((
        algorithm: SignatureAlgorithm,
        publicKey: Uint8Array,
        message: Uint8Array,
        signature: Uint8Array,
      ) => boolean)
    | undefined;
  /**
   * Whether `signature` is `publicKey`'s over `message`. A key the runtime cannot read
   * rejects with the runtime's error; a malformed signature is simply `false`.
   */
  verify(
    algorithm: SignatureAlgorithm,
    publicKey: Uint8Array,
    message: Uint8Array,
    signature: Uint8Array,
  ): Promise<boolean>;
  /** `privateKey`'s signature over `message`, at once; absent on Web Crypto. */
  readonly signSync:
    | ((algorithm: SignatureAlgorithm, privateKey: Uint8Array, message: Uint8Array) => Uint8Array)
    | undefined;
  /** `privateKey`'s signature over `message` (for `sign`: tests, the CLI, outgoing calls). */
  sign(
    algorithm: SignatureAlgorithm,
    privateKey: Uint8Array,
    message: Uint8Array,
  ): Promise<Uint8Array>;

  /** UTF-8 bytes of a string. */
  utf8(text: string): Uint8Array;
  /** Byte length of a string in UTF-8, without encoding it where the runtime can. */
  utf8Length(text: string): number;
  /**
   * Bytes `start..end`, each as one character, U+0000–U+00FF (ISO-8859-1): for ASCII bytes
   * their text, and for any bytes a string whose offsets are the bytes' offsets (a form body
   * is read once and its plain fields sliced from it).
   */
  latin1(bytes: Uint8Array, start: number, end: number): string;
  /** Lower-case hex. */
  toHex(bytes: Uint8Array): string;
  /** Bytes of hex text the caller validated (even length, hex digits only). */
  fromHex(text: string): Uint8Array;
  /** Base64, padded; base64url (`url`) unpadded, as vendors that use it send it. */
  toBase64(bytes: Uint8Array, url: boolean): string;
  /** Bytes of base64 or base64url text the caller validated (alphabet, length, no padding). */
  fromBase64(text: string, url: boolean): Uint8Array;
  /**
   * `length` bytes to be overwritten at once (their content is unspecified). On Node a slice of
   * Buffer's pool: `timingSafeEqual` reads one without first moving it off the V8 heap, as it
   * must a small `new Uint8Array` (measured at 4 % of verifying a 256 B body).
   */
  allocate(length: number): Uint8Array;
  /** The pieces joined into one byte string. */
  concat(pieces: readonly Uint8Array[]): Uint8Array;
  /**
   * Whether a public key (SPKI DER) can be used, checked at once where the runtime can
   * (node:crypto imports it: a point off the curve is refused); undefined where importing is
   * asynchronous (Web Crypto), and the key is then first imported by the first verification.
   */
  readonly checkPublicKey: ((spki: Uint8Array) => boolean) | undefined;
  /** zlib's CRC-32 where the runtime has it (Node 20.15+), else undefined (`crypto/crc32.ts`). */
  readonly crc32: ((bytes: Uint8Array) => number) | undefined;
  /**
   * `node:diagnostics_channel`'s `channel(name)` where the runtime has the module, else
   * undefined (workerd without `nodejs_compat`, Vercel Edge, browsers): observability is
   * output only, so the core then simply publishes nothing (`diagnostics/verify-channels.ts`).
   */
  readonly channel: ((name: string) => DiagnosticsChannel) | undefined;
}
