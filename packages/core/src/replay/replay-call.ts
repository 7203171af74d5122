import { WebhookVerificationError } from '../errors.js';
import type { ReplayPolicy } from './replay-policy.js';
import type { ClaimResult } from './replay-store.js';

/**
 * A verified delivery's hold on its replay key. Settle it once the handler is done:
 * `commit` when it answered (2xx or 4xx: the vendor will not retry), `release` when it
 * threw, answered 5xx or never finished (the vendor retries, and the retry must get
 * through). Only the first of the two counts; both never throw (a failure goes to `warn`).
 * Left unsettled, the claim expires with its lease and a replay would then be accepted.
 *
 * @example
 * ```ts
 * const webhook = await verify(scheme, request, { replayStore });
 * try {
 *   await handle(webhook.payload);
 *   await webhook.replayClaim?.commit();
 * } catch (error) {
 *   await webhook.replayClaim?.release();
 *   throw error;
 * }
 * ```
 */
export interface ReplayClaim {
  /** The key claimed: `<scheme>:<kind>:<base64url digest>`. */
  readonly key: string;
  /** Records the delivery as done for the scheme's replay TTL. */
  commit(): Promise<void>;
  /** Gives the delivery back, so the vendor's retry is accepted. */
  release(): Promise<void>;
  /** `commit` for a status below 500, `release` for a 5xx or no status (nothing was answered). */
  settle(status: number | undefined): Promise<void>;
}

class ReplayStoreTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the replay store did not answer within ${timeoutMs} ms`);
  }
}

/** A store that answered outside the contract; the message is hookguard's own. */
class ReplayStoreAnswerError extends Error {
  override readonly name = 'ReplayStoreAnswerError';
}

/** A store call waiting for its answer, with the time it must be rejected by. */
interface PendingCall {
  readonly deadline: number;
  readonly timeoutMs: number;
  readonly reject: (reason: ReplayStoreTimeout) => void;
}

// One timer for every pending store call, armed for the earliest deadline, instead of a
// timer per call: arming and clearing a timer twice per delivery cost more than a memory
// store's whole claim and commit (measured in `pnpm bench`).
const pending = new Set<PendingCall>();
let timer: ReturnType<typeof setTimeout> | undefined;
let armedFor = Number.POSITIVE_INFINITY;

function armTimer(now: number): void {
  let earliest = Number.POSITIVE_INFINITY;
  for (const call of pending) if (call.deadline < earliest) earliest = call.deadline;
  if (earliest === Number.POSITIVE_INFINITY) return;
  armedFor = earliest;
  timer = setTimeout(expire, Math.max(0, earliest - now));
  // Not holding the process open for a deadline; where unref does not exist, or throws
  // (some edge runtimes), the timer simply stays referenced.
  try {
    (timer as { unref?: () => void }).unref?.();
  } catch {}
}

function expire(): void {
  timer = undefined;
  armedFor = Number.POSITIVE_INFINITY;
  const now = Date.now();
  for (const call of pending) {
    if (call.deadline > now) continue;
    pending.delete(call);
    call.reject(new ReplayStoreTimeout(call.timeoutMs));
  }
  armTimer(now);
}

/**
 * Settles with the store call, or rejects once it has taken longer than the policy
 * allows: nothing hangs. The call itself goes on; see {@link claimDelivery} for a claim's
 * late reply.
 */
export function withTimeout<T>(call: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const now = Date.now();
    const entry: PendingCall = { deadline: now + timeoutMs, timeoutMs, reject };
    pending.add(entry);
    // A call with a shorter timeout than the one the timer waits for re-arms it.
    if (entry.deadline < armedFor) {
      clearTimeout(timer);
      armTimer(now);
    }
    call.then(
      (value) => {
        pending.delete(entry);
        resolve(value);
      },
      (error: unknown) => {
        pending.delete(entry);
        reject(error);
      },
    );
  });
}

/** Calls a store method, turning a synchronous throw into a rejection. */
function attempt<T>(call: () => Promise<T>): Promise<T> {
  try {
    return Promise.resolve(call());
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * What went wrong, for a log line: hookguard's own message, or the store error's name and
 * code (`Error ECONNREFUSED`, `ReplyError`). Never a store's message: a client may quote its
 * URL, its password or what it was sent. The error itself stays the 503's `cause`.
 */
export function describeStoreFailure(cause: unknown): string {
  if (cause instanceof ReplayStoreTimeout || cause instanceof ReplayStoreAnswerError) {
    return cause.message;
  }
  if (!(cause instanceof Error)) return 'the replay store failed';
  const code = (cause as { code?: unknown }).code;
  const kind = typeof code === 'string' && /^[\w.-]{1,40}$/.test(code) ? ` ${code}` : '';
  const name = /^[\w.-]{1,40}$/.test(cause.name) ? cause.name : 'Error';
  return `the replay store failed (${name}${kind})`;
}

// Tokens need only be unique among everything that shares a store, never secret (only this
// process settles its claims): a random prefix per process and a counter, which costs a
// fraction of a UUID per delivery.
const TOKEN_PREFIX = globalThis.crypto.randomUUID();
let tokenCount = 0;
function nextToken(): string {
  tokenCount++;
  return `${TOKEN_PREFIX}.${tokenCount}`;
}

function seconds(ms: number): number {
  return Math.ceil(ms / 1000);
}

/**
 * Claims `key` for a verified delivery: a lease under a fresh random token. Resolves the
 * claim to settle, or `undefined` when the store failed and the policy fails open. Rejects
 * with `replayed` (committed before), `delivery_in_progress` (409, another copy holds the
 * lease; `Retry-After` is the lease) or `replay_store_unavailable` (503, so the vendor
 * retries later). Every store failure is reported through `warn`.
 *
 * A claim that timed out may still land in the store later; its late reply releases it by
 * token, so it blocks the vendor's retry only until then, or at most for the lease.
 */
export async function claimDelivery(
  policy: ReplayPolicy,
  key: string,
  ttlSeconds: number,
  provider: string,
): Promise<ReplayClaim | undefined> {
  const { replayStore, leaseMs } = policy;
  const token = nextToken();
  const call = attempt(() => replayStore.claim(key, token, leaseMs));
  let result: ClaimResult;
  try {
    result = await withTimeout(call, policy.timeoutMs);
    if (result !== 'claimed' && result !== 'in-progress' && result !== 'replayed') {
      throw new ReplayStoreAnswerError(
        `the replay store's claim() answered ${JSON.stringify(result)?.slice(0, 40)}, not 'claimed', 'in-progress' or 'replayed'`,
      );
    }
  } catch (cause) {
    if (cause instanceof ReplayStoreTimeout) releaseLateClaim(policy, call, key, token, provider);
    return storeFailed(policy, cause, provider);
  }
  if (result === 'replayed') {
    throw new WebhookVerificationError(
      'replayed',
      'this delivery was already accepted; a re-delivery of the same signed request is refused.',
      { provider },
    );
  }
  if (result === 'in-progress') {
    throw new WebhookVerificationError(
      'delivery_in_progress',
      'another copy of this delivery is being handled right now; retry after it has been answered.',
      { provider, retryAfterSeconds: seconds(leaseMs) },
    );
  }
  return new SettleableClaim(policy, key, token, ttlSeconds * 1000, provider);
}

function storeFailed(policy: ReplayPolicy, cause: unknown, provider: string): undefined {
  const what = describeStoreFailure(cause);
  if (policy.failOpen) {
    policy.warn(
      `[hookguard] ${provider}: ${what}; accepting this delivery WITHOUT replay protection (failOpen is set).`,
    );
    return undefined;
  }
  policy.warn(
    `[hookguard] ${provider}: ${what}; answering 503 replay_store_unavailable so the vendor retries later.`,
  );
  throw new WebhookVerificationError(
    'replay_store_unavailable',
    `${cause instanceof ReplayStoreTimeout ? cause.message : 'the replay store failed'}, so this delivery cannot be checked for replay; try again later.`,
    { provider, cause },
  );
}

/** A claim that answered after its timeout took a lease nobody will settle: give it back. */
function releaseLateClaim(
  policy: ReplayPolicy,
  call: Promise<ClaimResult>,
  key: string,
  token: string,
  provider: string,
): void {
  call.then(
    (late) => {
      if (late !== 'claimed') return;
      policy.warn(
        `[hookguard] ${provider}: a claim that timed out reached the replay store late; releasing it so the vendor's retry is accepted.`,
      );
      void runSettlement(policy, 'release', key, token, 0, provider);
    },
    () => {},
  );
}

/**
 * A claim settled once: the first of commit, release or settle counts. Its state is in
 * private fields, so logging a verified webhook never prints the store (or a client's URL).
 */
class SettleableClaim implements ReplayClaim {
  readonly key: string;
  readonly #policy: ReplayPolicy;
  readonly #token: string;
  readonly #ttlMs: number;
  readonly #provider: string;
  #settled: Promise<void> | undefined;

  constructor(policy: ReplayPolicy, key: string, token: string, ttlMs: number, provider: string) {
    this.key = key;
    this.#policy = policy;
    this.#token = token;
    this.#ttlMs = ttlMs;
    this.#provider = provider;
  }

  commit(): Promise<void> {
    this.#settled ??= this.#run('commit');
    return this.#settled;
  }

  release(): Promise<void> {
    this.#settled ??= this.#run('release');
    return this.#settled;
  }

  settle(status: number | undefined): Promise<void> {
    return status !== undefined && status < 500 ? this.commit() : this.release();
  }

  #run(operation: 'commit' | 'release'): Promise<void> {
    return runSettlement(
      this.#policy,
      operation,
      this.key,
      this.#token,
      this.#ttlMs,
      this.#provider,
    );
  }
}

/** Commits or releases; never throws: what goes wrong is logged with what it means. */
async function runSettlement(
  policy: ReplayPolicy,
  operation: 'commit' | 'release',
  key: string,
  token: string,
  ttlMs: number,
  provider: string,
): Promise<void> {
  const { replayStore } = policy;
  const lease = `${seconds(policy.leaseMs)} s`;
  try {
    const held = await withTimeout(
      attempt(() =>
        operation === 'commit'
          ? replayStore.commit(key, token, ttlMs)
          : replayStore.release(key, token),
      ),
      policy.timeoutMs,
    );
    if (operation === 'commit' && held !== true) {
      policy.warn(
        `[hookguard] ${provider}: the delivery's lease (${lease}) had run out before its handler answered, so another copy may have been handled too. It is recorded as done; raise replayLease above your handler's longest run.`,
      );
    }
  } catch (cause) {
    const what = describeStoreFailure(cause);
    policy.warn(
      operation === 'commit'
        ? `[hookguard] ${provider}: ${what} while recording a handled delivery; a replay of it is refused only until its lease ends (${lease}).`
        : `[hookguard] ${provider}: ${what} while releasing a failed delivery; the vendor's retry is answered 409 delivery_in_progress until its lease ends (${lease}).`,
    );
  }
}
