import { platform } from '#platform';
import { WebhookVerificationError } from '../errors.js';
import { type ReplayClaim, SettleableClaim, settleClaim } from './replay-claim.js';
import type { ReplayPolicy } from './replay-policy.js';
import type { ClaimResult } from './replay-store.js';
import {
  describeStoreFailure,
  isPending,
  type MaybePromise,
  ReplayStoreAnswerError,
  ReplayStoreTimeout,
  withTimeout,
} from './store-call.js';

// Tokens need only be unique among everything that shares a store, never secret (only this
// process settles its claims): a random prefix per process and a counter, which costs a
// fraction of a UUID per delivery. The prefix is drawn at the first claim, not when the
// module loads: workerd refuses random values in a Worker's global scope ("Disallowed
// operation called within global scope"), so a load-time UUID stopped every Worker that
// imports the core from starting.
let tokenPrefix: string | undefined;
let tokenCount = 0;
function nextToken(): string {
  tokenPrefix ??= platform.randomUUID();
  tokenCount++;
  return `${tokenPrefix}.${tokenCount}`;
}

/**
 * Claims `key` for a verified delivery: a lease under a fresh token. Gives the claim to
 * settle, or `undefined` when the store failed and the policy fails open; at once when the
 * store answered at once (in this process), else as a promise. Throws (or rejects) with
 * `replayed` (committed before), `delivery_in_progress` (409, another copy holds the lease;
 * `Retry-After` is the lease) or `replay_store_unavailable` (503, so the vendor retries
 * later). Every store failure is reported through `warn`.
 *
 * A claim that timed out may still land in the store later; its late reply releases it by
 * token, so it blocks the vendor's retry only until then, or at most for the lease.
 */
export function claimDelivery(
  policy: ReplayPolicy,
  key: string,
  ttlSeconds: number,
  provider: string,
): MaybePromise<ReplayClaim | undefined> {
  const token = nextToken();
  let answer: MaybePromise<ClaimResult>;
  try {
    answer = policy.replayStore.claim(key, token, policy.leaseMs);
  } catch (cause) {
    return storeFailed(policy, cause, provider);
  }
  if (!isPending(answer)) return claimFrom(policy, answer, key, token, ttlSeconds, provider);
  return withTimeout(answer, policy.timeoutMs).then(
    (result) => claimFrom(policy, result, key, token, ttlSeconds, provider),
    (cause: unknown) => {
      if (cause instanceof ReplayStoreTimeout)
        releaseLateClaim(policy, answer, key, token, provider);
      return storeFailed(policy, cause, provider);
    },
  );
}

/** What the store's answer means for this request. */
function claimFrom(
  policy: ReplayPolicy,
  result: ClaimResult,
  key: string,
  token: string,
  ttlSeconds: number,
  provider: string,
): ReplayClaim | undefined {
  switch (result) {
    case 'claimed':
      return new SettleableClaim(policy, key, token, ttlSeconds * 1000, provider);
    case 'replayed':
      throw new WebhookVerificationError(
        'replayed',
        'this delivery was already accepted; a re-delivery of the same signed request is refused.',
        { provider },
      );
    case 'in-progress':
      throw new WebhookVerificationError(
        'delivery_in_progress',
        'another copy of this delivery is being handled right now; retry after it has been answered.',
        { provider, retryAfterSeconds: Math.ceil(policy.leaseMs / 1000) },
      );
    default:
      return storeFailed(
        policy,
        new ReplayStoreAnswerError(
          `the replay store's claim() answered ${JSON.stringify(result)?.slice(0, 40)}, not 'claimed', 'in-progress' or 'replayed'`,
        ),
        provider,
      );
  }
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
  call: PromiseLike<ClaimResult>,
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
      void settleClaim(policy, 'release', key, token, 0, provider);
    },
    () => {},
  );
}
