import { platform } from '#platform';
import type { HmacAlgorithm, MessagePiece } from '../platform/platform.js';

/**
 * The core's checks are synchronous code (read the signed parts, compute the digest,
 * compare, parse), which is what keeps `verify` fast on Node. Web Crypto, the only crypto
 * on workerd and the Edge runtime, is asynchronous. Rather than write every check twice,
 * `runWithCrypto` runs the same synchronous task on either:
 *
 * - with `node:crypto`, the task simply runs, and `hmac`/`sha256` below answer at once;
 * - with Web Crypto only, the task runs in passes. In a pass, a digest not yet computed is
 *   answered with zeros and noted; the pass's outcome is thrown away; the noted digests are
 *   computed with Web Crypto, all at once; and the task runs again. The first pass that
 *   needed nothing new is the answer. A verification usually takes two passes: one to learn
 *   which HMAC to compute, one to check it.
 *
 * This is sound because a pass that used a placeholder never decides anything: only a pass
 * in which every digest was real is returned (a zero placeholder that happened to equal a
 * forged all-zero signature is discarded with its pass). The task must be free of side
 * effects outside itself (true of reading, checking and parsing a request, of `sign` given a
 * fixed clock and UUIDs, and of `explain`), and JavaScript runs it to the end without
 * interleaving, so one recording at a time is all there can be.
 */

type Computation =
  | {
      readonly kind: 'hmac';
      readonly algorithm: HmacAlgorithm;
      readonly key: Uint8Array;
      readonly message: Uint8Array;
    }
  | { readonly kind: 'sha256'; readonly message: Uint8Array };

const DIGEST_BYTES = { sha1: 20, sha256: 32, sha512: 64 } as const;
// Every digest a task can need is found within three passes (Twilio's `sign`: the body's
// hash, then the HMAC of a URL that carries it, then the answer); more means a task whose
// digests never settle, which is a bug.
const MAX_PASSES = 8;

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

class Recording {
  private readonly computed: { readonly computation: Computation; readonly digest: Uint8Array }[] =
    [];
  private missing: Computation[] = [];

  get complete(): boolean {
    return this.missing.length === 0;
  }

  /** The digest if a previous pass computed it, else zeros of the right length (noted). */
  answer(computation: Computation): Uint8Array {
    const same = (other: Computation) =>
      other.kind === computation.kind &&
      // A key is the scheme's own bytes object, the same in every pass.
      (other.kind === 'sha256' ||
        (computation.kind === 'hmac' &&
          other.algorithm === computation.algorithm &&
          other.key === computation.key)) &&
      sameBytes(other.message, computation.message);
    const found = this.computed.find((entry) => same(entry.computation));
    if (found !== undefined) return found.digest;
    if (!this.missing.some(same)) this.missing.push(computation);
    return new Uint8Array(computation.kind === 'hmac' ? DIGEST_BYTES[computation.algorithm] : 32);
  }

  /** Computes what the last pass noted. */
  async fill(): Promise<void> {
    const missing = this.missing;
    this.missing = [];
    const digests = await Promise.all(
      missing.map((computation) =>
        computation.kind === 'hmac'
          ? platform.hmac(computation.algorithm, computation.key, computation.message)
          : platform.sha256(computation.message),
      ),
    );
    missing.forEach((computation, index) => {
      this.computed.push({ computation, digest: digests[index] as Uint8Array });
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
    return recording.answer({
      kind: 'hmac',
      algorithm,
      key,
      message: bytesOf(message.map((piece) => piece.value)),
    });
  }
  const hmacSync = platform.hmacSync;
  if (hmacSync === undefined) throw needsAsync('this call', 'its async form');
  return hmacSync(algorithm, key, message);
}

/** SHA-256 of the pieces in order: at once with node:crypto, or within `runWithCrypto`. */
export function sha256(message: readonly (string | Uint8Array)[]): Uint8Array {
  if (recording !== undefined)
    return recording.answer({ kind: 'sha256', message: bytesOf(message) });
  const sha256Sync = platform.sha256Sync;
  if (sha256Sync === undefined) throw needsAsync('this call', 'its async form');
  return sha256Sync(message);
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
