import { platform } from '#platform';
import type { HmacAlgorithm, MessagePiece, SignatureAlgorithm } from '../platform/platform.js';

/**
 * The core's checks are synchronous code (read the signed parts, compute the digest,
 * compare, parse), which is what keeps `verify` fast on Node. Web Crypto, the only crypto
 * on workerd and the Edge runtime, is asynchronous. Rather than write every check twice,
 * `runWithCrypto` runs the same synchronous task on either:
 *
 * - with `node:crypto`, the task simply runs, and `hmac`/`sha256` below answer at once;
 * - with Web Crypto only, the task runs in passes. A pass stops at the first digest not yet
 *   computed (a sentinel is thrown, not an Error, so stopping costs no stack trace); that
 *   digest is computed with Web Crypto and the task runs again, now with it at hand. The
 *   first pass that runs to its end without a missing digest is the answer. A verification
 *   takes two passes: one to learn which HMAC to compute, one to check it.
 *
 * This is sound because a pass that met a missing digest never decides anything: its
 * outcome is thrown away even if some code on the way caught the sentinel. The task must be
 * free of side effects outside itself (true of reading, checking and parsing a request, of
 * `sign` given a fixed clock and UUIDs, and of `explain`), and JavaScript runs it to the end
 * without interleaving, so one recording at a time is all there can be.
 */

/** One asynchronous operation a pass may need, with what identifies it across passes. */
type Computation =
  | {
      readonly kind: 'hmac';
      readonly algorithm: HmacAlgorithm;
      readonly key: Uint8Array;
      readonly message: Uint8Array;
    }
  | { readonly kind: 'sha256'; readonly message: Uint8Array }
  | { readonly kind: 'digest'; readonly algorithm: HmacAlgorithm; readonly message: Uint8Array }
  | {
      readonly kind: 'verify';
      readonly algorithm: SignatureAlgorithm;
      readonly key: Uint8Array;
      readonly message: Uint8Array;
      readonly signature: Uint8Array;
    }
  | {
      readonly kind: 'sign';
      readonly algorithm: SignatureAlgorithm;
      readonly key: Uint8Array;
      readonly message: Uint8Array;
    };

/** What a computation answers: digest or signature bytes, or whether a signature verified. */
type Answer = Uint8Array | boolean;

// A pass learns at least one answer, so a task needs at most as many passes as answers,
// plus one: keys × signed messages + 1 for a forged request (Twilio tries two messages per
// key), a number set by the configuration, never by the request. Only a task whose inputs
// never settle (a bug: say, a fresh UUID in every pass) could reach this bound.
const MAX_PASSES = 1_000;

/** Thrown to stop a pass at an answer not yet computed; never seen outside this module. */
const DIGEST_PENDING = Object.freeze({ pending: 'digest' });

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function bytesOf(pieces: readonly (string | Uint8Array)[]): Uint8Array {
  return platform.concat(
    pieces.map((piece) => (typeof piece === 'string' ? platform.utf8(piece) : piece)),
  );
}

/** The same operation on the same inputs: a key is the scheme's own bytes object in every pass. */
function sameComputation(a: Computation, b: Computation): boolean {
  if (a.kind !== b.kind || !sameBytes(a.message, b.message)) return false;
  if (a.kind === 'sha256' || b.kind === 'sha256') return true;
  if (a.kind === 'digest' || b.kind === 'digest') return a.algorithm === b.algorithm;
  if (a.algorithm !== b.algorithm || a.key !== b.key) return false;
  return a.kind !== 'verify' || b.kind !== 'verify' || sameBytes(a.signature, b.signature);
}

function compute(computation: Computation): Promise<Answer> {
  switch (computation.kind) {
    case 'hmac':
      return platform.hmac(computation.algorithm, computation.key, computation.message);
    case 'sha256':
      return platform.sha256(computation.message);
    case 'digest':
      return platform.digest(computation.algorithm, computation.message);
    case 'verify':
      return platform.verify(
        computation.algorithm,
        computation.key,
        computation.message,
        computation.signature,
      );
    case 'sign':
      return platform.sign(computation.algorithm, computation.key, computation.message);
  }
}

class Recording {
  private readonly computed: { readonly computation: Computation; readonly answer: Answer }[] = [];
  private missing: Computation[] = [];

  get complete(): boolean {
    return this.missing.length === 0;
  }

  /** The answer if a previous pass computed it; else it is noted and the pass stops. */
  answer(computation: Computation): Answer {
    const found = this.computed.find((entry) => sameComputation(entry.computation, computation));
    if (found !== undefined) return found.answer;
    if (!this.missing.some((other) => sameComputation(other, computation)))
      this.missing.push(computation);
    throw DIGEST_PENDING;
  }

  /** Computes what the last pass noted (one answer, or more if code caught the sentinel). */
  async fill(): Promise<void> {
    const missing = this.missing;
    this.missing = [];
    const answers = await Promise.all(missing.map(compute));
    missing.forEach((computation, index) => {
      this.computed.push({ computation, answer: answers[index] as Answer });
    });
  }
}

let recording: Recording | undefined;

/** Which crypto this build of hookguard runs on: `node:crypto` on Node, `web-crypto` elsewhere. */
export const cryptoBackend = platform.name;

/** True where `sign` and `explain` can answer synchronously (`node:crypto`). */
export function hasSyncCrypto(): boolean {
  return platform.hmacSync !== undefined;
}

/** The `TypeError` for a synchronous API called where only Web Crypto exists. */
export function needsAsync(api: string, asyncApi: string): TypeError {
  return new TypeError(
    `[hookguard] ${api} is synchronous and needs node:crypto; this runtime loaded hookguard's Web Crypto build, which is asynchronous. Use ${asyncApi} instead (it works on every runtime).`,
  );
}

/** HMAC of the pieces in order: at once with node:crypto, or within `runWithCrypto`. */
export function hmac(
  algorithm: HmacAlgorithm,
  key: Uint8Array,
  message: readonly MessagePiece[],
): Uint8Array {
  if (recording !== undefined) {
    const bytes = bytesOf(message.map((piece) => piece.value));
    return recording.answer({ kind: 'hmac', algorithm, key, message: bytes }) as Uint8Array;
  }
  const hmacSync = platform.hmacSync;
  if (hmacSync === undefined) throw needsAsync('this call', 'its async form');
  return hmacSync(algorithm, key, message);
}

/** SHA-256 of the pieces in order: at once with node:crypto, or within `runWithCrypto`. */
export function sha256(message: readonly (string | Uint8Array)[]): Uint8Array {
  if (recording !== undefined)
    return recording.answer({ kind: 'sha256', message: bytesOf(message) }) as Uint8Array;
  const sha256Sync = platform.sha256Sync;
  if (sha256Sync === undefined) throw needsAsync('this call', 'its async form');
  return sha256Sync(message);
}

/**
 * A plain hash (no key) of the pieces in order: at once with node:crypto, or within
 * `runWithCrypto`. Only salted-hash schemes use it: they hash their fields and a secret.
 */
export function hashDigest(
  algorithm: HmacAlgorithm,
  message: readonly (string | Uint8Array)[],
): Uint8Array {
  if (recording !== undefined)
    return recording.answer({ kind: 'digest', algorithm, message: bytesOf(message) }) as Uint8Array;
  const digestSync = platform.digestSync;
  if (digestSync === undefined) throw needsAsync('this call', 'its async form');
  return digestSync(algorithm, message);
}

/**
 * Whether `signature` is the public key's (SPKI DER) over the pieces in order: at once with
 * node:crypto, or within `runWithCrypto`. A malformed signature is false.
 */
export function verifySignature(
  algorithm: SignatureAlgorithm,
  publicKey: Uint8Array,
  message: readonly (string | Uint8Array)[],
  signature: Uint8Array,
): boolean {
  const bytes = bytesOf(message);
  if (recording !== undefined) {
    const computation = { kind: 'verify', algorithm, key: publicKey, message: bytes, signature };
    return recording.answer(computation as Computation) as boolean;
  }
  const verifySync = platform.verifySync;
  if (verifySync === undefined) throw needsAsync('this call', 'its async form');
  return verifySync(algorithm, publicKey, bytes, signature);
}

/** The private key's (PKCS#8 DER) signature over the pieces in order, for `sign`. */
export function signMessage(
  algorithm: SignatureAlgorithm,
  privateKey: Uint8Array,
  message: readonly (string | Uint8Array)[],
): Uint8Array {
  const bytes = bytesOf(message);
  if (recording !== undefined)
    return recording.answer({
      kind: 'sign',
      algorithm,
      key: privateKey,
      message: bytes,
    }) as Uint8Array;
  const signSync = platform.signSync;
  if (signSync === undefined) throw needsAsync('this call', 'its async form');
  return signSync(algorithm, privateKey, bytes);
}

/**
 * Runs a synchronous task that computes digests with `hmac` and `sha256`: at once where
 * node:crypto answers synchronously, else in passes over Web Crypto (see above). Returns
 * (or throws) what the task does.
 */
export function runWithCrypto<T>(task: () => T): T | Promise<T> {
  if (platform.hmacSync !== undefined) return task();
  return runInPasses(task);
}

async function runInPasses<T>(task: () => T): Promise<T> {
  const passes = new Recording();
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    let outcome: { readonly value: T } | { readonly error: unknown };
    recording = passes;
    try {
      outcome = { value: task() };
    } catch (error) {
      outcome = { error };
    } finally {
      recording = undefined;
    }
    if (passes.complete) {
      if ('error' in outcome) throw outcome.error;
      return outcome.value;
    }
    await passes.fill();
  }
  throw new Error(
    `[hookguard] internal error: a check still needed new digests after ${MAX_PASSES} passes.`,
  );
}
