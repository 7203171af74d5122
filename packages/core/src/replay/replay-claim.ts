import type { ReplayPolicy } from './replay-policy.js';
import { describeStoreFailure, isPending, type MaybePromise, withTimeout } from './store-call.js';

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
  /**
   * The key claimed: `<scheme>:<kind>:<base64url digest>`. For a request of several signed
   * items (an Adyen batch), each item's key, separated by spaces.
   */
  readonly key: string;
  /** Records the delivery as done for the scheme's replay TTL. */
  commit(): Promise<void>;
  /** Gives the delivery back, so the vendor's retry is accepted. */
  release(): Promise<void>;
  /** `commit` for a status below 500, `release` for a 5xx or no status (nothing was answered). */
  settle(status: number | undefined): Promise<void>;
}

const SETTLED = Promise.resolve();

/**
 * A claim settled once: the first of commit, release or settle counts. Its state is in
 * private fields, so logging a verified webhook never prints the store (or a client's URL).
 */
export class SettleableClaim implements ReplayClaim {
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
    this.#settled ??= settleClaim(
      this.#policy,
      'commit',
      this.key,
      this.#token,
      this.#ttlMs,
      this.#provider,
    );
    return this.#settled;
  }

  release(): Promise<void> {
    this.#settled ??= settleClaim(
      this.#policy,
      'release',
      this.key,
      this.#token,
      0,
      this.#provider,
    );
    return this.#settled;
  }

  settle(status: number | undefined): Promise<void> {
    return status !== undefined && status < 500 ? this.commit() : this.release();
  }
}

/**
 * Commits or releases a lease; never rejects: what goes wrong is logged with what it means.
 * A store that answers at once (in this process) is settled at once, with no timer.
 */
export function settleClaim(
  policy: ReplayPolicy,
  operation: 'commit' | 'release',
  key: string,
  token: string,
  ttlMs: number,
  provider: string,
): Promise<void> {
  const { replayStore } = policy;
  let answer: MaybePromise<boolean>;
  try {
    answer =
      operation === 'commit'
        ? replayStore.commit(key, token, ttlMs)
        : replayStore.release(key, token);
  } catch (cause) {
    failed(policy, operation, cause, provider);
    return SETTLED;
  }
  if (!isPending(answer)) {
    settled(policy, operation, answer, provider);
    return SETTLED;
  }
  return withTimeout(answer, policy.timeoutMs).then(
    (held) => settled(policy, operation, held, provider),
    (cause: unknown) => failed(policy, operation, cause, provider),
  );
}

function lease(policy: ReplayPolicy): string {
  return `${Math.ceil(policy.leaseMs / 1000)} s`;
}

function settled(
  policy: ReplayPolicy,
  operation: 'commit' | 'release',
  held: unknown,
  provider: string,
): void {
  if (operation === 'commit' && held !== true) {
    policy.warn(
      `[hookguard] ${provider}: the delivery's lease (${lease(policy)}) had run out before its handler answered, so another copy may have been handled too. It is recorded as done; raise replayLease above your handler's longest run.`,
    );
  }
}

function failed(
  policy: ReplayPolicy,
  operation: 'commit' | 'release',
  cause: unknown,
  provider: string,
): void {
  const what = describeStoreFailure(cause);
  policy.warn(
    operation === 'commit'
      ? `[hookguard] ${provider}: ${what} while recording a handled delivery; a replay of it is refused only until its lease ends (${lease(policy)}).`
      : `[hookguard] ${provider}: ${what} while releasing a failed delivery; the vendor's retry is answered 409 delivery_in_progress until its lease ends (${lease(policy)}).`,
  );
}
