import { WebhookVerificationError } from '../errors.js';
import type { ReplayStore } from './replay-store.js';

/** How long a replay store call may take by default, in milliseconds. */
export const DEFAULT_REPLAY_STORE_TIMEOUT_MS = 1000;

/** How `verify` and the adapters talk to a replay store. */
export interface ReplayPolicy {
  readonly replayStore: ReplayStore;
  /** Milliseconds a store call may take before it counts as a failure. */
  readonly timeoutMs: number;
  /** Accept (with a warning) instead of answering 503 when the store fails. */
  readonly failOpen: boolean;
  /** Where warnings go. Messages never include the store's own error text (it may carry a URL). */
  readonly warn: (message: string) => void;
}

class ReplayStoreTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the replay store did not answer within ${timeoutMs} ms`);
  }
}

/** Runs a store call, rejecting if it takes longer than the policy allows: nothing hangs. */
export async function withTimeout<T>(call: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReplayStoreTimeout(timeoutMs)), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([Promise.resolve().then(call), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(cause: unknown): string {
  return cause instanceof ReplayStoreTimeout ? cause.message : 'the replay store failed';
}

/**
 * Claims `key`. Resolves true for a first delivery, false for a replay, and `undefined`
 * when the store failed and the policy fails open. Fails closed otherwise, with
 * `replay_store_unavailable` (503), so the vendor retries later.
 */
export async function claimDelivery(
  policy: ReplayPolicy,
  key: string,
  ttlSeconds: number,
  provider: string,
): Promise<boolean | undefined> {
  try {
    return await withTimeout(() => policy.replayStore.claim(key, ttlSeconds), policy.timeoutMs);
  } catch (cause) {
    if (policy.failOpen) {
      policy.warn(
        `[hookguard] ${provider}: ${describe(cause)}; accepting this delivery WITHOUT replay protection (failOpen is set).`,
      );
      return undefined;
    }
    throw new WebhookVerificationError(
      'replay_store_unavailable',
      `${describe(cause)}, so this delivery cannot be checked for replay; try again later.`,
      {
        provider,
        cause,
      },
    );
  }
}

/**
 * Releases a claim so the vendor's retry of a delivery the handler failed is accepted.
 * Never throws: a release that fails is logged, and the key simply expires with its TTL.
 *
 * @example
 * ```ts
 * res.on('close', () => { if (res.statusCode >= 500) void releaseDelivery(policy, webhook.replayKey, webhook.provider); });
 * ```
 */
export async function releaseDelivery(
  policy: ReplayPolicy,
  key: string,
  provider: string,
): Promise<void> {
  try {
    await withTimeout(() => policy.replayStore.release(key), policy.timeoutMs);
  } catch (cause) {
    policy.warn(
      `[hookguard] ${provider}: ${describe(cause)} while releasing a failed delivery; the vendor's retry will be refused as replayed until the key expires.`,
    );
  }
}

/** Validates replay options once, at configuration time. */
export function resolveReplayPolicy(options: {
  readonly replayStore?: ReplayStore | undefined;
  readonly replayStoreTimeout?: number | undefined;
  readonly failOpen?: boolean | undefined;
  readonly warn?: ((message: string) => void) | undefined;
}): ReplayPolicy | undefined {
  const { replayStore } = options;
  if (replayStore === undefined) return undefined;
  if (
    replayStore === null ||
    typeof replayStore.claim !== 'function' ||
    typeof replayStore.release !== 'function'
  ) {
    throw new TypeError(
      '[hookguard] replayStore must have claim(key, ttlSeconds) and release(key).',
    );
  }
  const timeoutMs = options.replayStoreTimeout ?? DEFAULT_REPLAY_STORE_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new TypeError('[hookguard] replayStoreTimeout must be a number of milliseconds > 0.');
  }
  return {
    replayStore,
    timeoutMs,
    failOpen: options.failOpen === true,
    warn: options.warn ?? console.warn,
  };
}
