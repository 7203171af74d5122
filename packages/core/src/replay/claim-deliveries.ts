import { claimDelivery } from './claim-delivery.js';
import type { ReplayClaim } from './replay-claim.js';
import type { ReplayPolicy } from './replay-policy.js';
import { isPending, type MaybePromise } from './store-call.js';

/**
 * Several claims settled as one: the items of one request (Adyen's batch), each a delivery
 * of its own in the store. Its `key` is theirs, separated by spaces.
 */
export class ClaimGroup implements ReplayClaim {
  readonly key: string;
  readonly #claims: readonly ReplayClaim[];

  constructor(claims: readonly ReplayClaim[]) {
    this.key = claims.map((claim) => claim.key).join(' ');
    this.#claims = claims;
  }

  commit(): Promise<void> {
    return settleAll(this.#claims.map((claim) => claim.commit()));
  }

  release(): Promise<void> {
    return settleAll(this.#claims.map((claim) => claim.release()));
  }

  settle(status: number | undefined): Promise<void> {
    return settleAll(this.#claims.map((claim) => claim.settle(status)));
  }
}

// Settling never rejects (see ReplayClaim), so waiting for all is enough.
const settleAll = (settling: readonly Promise<void>[]) => Promise.all(settling).then(() => {});

/**
 * Claims every key of one verified request, in the order given (sorted, so two copies of a
 * batch never hold each other's keys): one claim for one key, as `claimDelivery`, else a
 * {@link ClaimGroup}. When a key is refused (`replayed`, `delivery_in_progress`,
 * `replay_store_unavailable`), the keys already claimed are released before the refusal is
 * passed on, so a vendor's retry of the whole request is not blocked by its own leftovers.
 */
export function claimDeliveries(
  policy: ReplayPolicy,
  keys: readonly string[],
  ttlSeconds: number,
  provider: string,
): MaybePromise<ReplayClaim | undefined> {
  if (keys.length === 1) return claimDelivery(policy, keys[0] as string, ttlSeconds, provider);
  return claimEach(policy, keys, ttlSeconds, provider);
}

async function claimEach(
  policy: ReplayPolicy,
  keys: readonly string[],
  ttlSeconds: number,
  provider: string,
): Promise<ReplayClaim | undefined> {
  const claims: ReplayClaim[] = [];
  try {
    for (const key of keys) {
      const claimed = claimDelivery(policy, key, ttlSeconds, provider);
      const claim = isPending(claimed) ? await claimed : claimed;
      // undefined: the store failed and the policy fails open (it warned).
      if (claim !== undefined) claims.push(claim);
    }
  } catch (refusal) {
    await Promise.all(claims.map((claim) => claim.release()));
    throw refusal;
  }
  return claims.length === 0 ? undefined : new ClaimGroup(claims);
}
