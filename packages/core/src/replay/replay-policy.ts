import type { ReplayStore } from './replay-store.js';

/** How long a replay store call may take by default, in milliseconds. */
export const DEFAULT_REPLAY_STORE_TIMEOUT_MS = 1000;

/**
 * How long a claim holds a delivery while its handler runs, by default, in seconds. Longer
 * than the vendors wait for an answer (Slack 3 s, Shopify 5 s, GitHub 10 s, Twilio and Svix
 * 15 s), so a handler still running when its lease ends has already been given up on by
 * the vendor; and short enough that a claim whose outcome is unknown (a
 * store that timed out, a process killed mid-request) delays the vendor's retry by at most
 * half a minute instead of the whole replay window.
 */
export const DEFAULT_REPLAY_LEASE_SECONDS = 30;

/** The replay options `verify` and the adapters take. */
export interface ReplayOptions {
  readonly replayStore?: ReplayStore | undefined;
  readonly replayStoreTimeout?: number | undefined;
  readonly replayLease?: number | undefined;
  readonly failOpen?: boolean | undefined;
  readonly warn?: ((message: string) => void) | undefined;
}

/** How `verify` and the adapters talk to a replay store, settled once. */
export interface ReplayPolicy {
  readonly replayStore: ReplayStore;
  /** Milliseconds a store call may take before it counts as a failure. */
  readonly timeoutMs: number;
  /** Milliseconds a claim's lease lasts. */
  readonly leaseMs: number;
  /** Accept (with a warning) instead of answering 503 when the store fails. */
  readonly failOpen: boolean;
  /** Where warnings go. Messages never include a secret or credentials from a URL. */
  readonly warn: (message: string) => void;
}

function positive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/** Validates replay options once, at configuration time: a bad one is a `TypeError`. */
export function resolveReplayPolicy(options: ReplayOptions): ReplayPolicy | undefined {
  const { replayStore } = options;
  if (replayStore === undefined) return undefined;
  if (
    replayStore === null ||
    typeof replayStore.claim !== 'function' ||
    typeof replayStore.commit !== 'function' ||
    typeof replayStore.release !== 'function'
  ) {
    throw new TypeError(
      '[hookguard] replayStore must have claim(key, token, leaseMs), commit(key, token, ttlMs) and release(key, token).',
    );
  }
  const timeoutMs = options.replayStoreTimeout ?? DEFAULT_REPLAY_STORE_TIMEOUT_MS;
  if (!positive(timeoutMs)) {
    throw new TypeError('[hookguard] replayStoreTimeout must be a number of milliseconds > 0.');
  }
  const leaseSeconds = options.replayLease ?? DEFAULT_REPLAY_LEASE_SECONDS;
  if (!positive(leaseSeconds)) {
    throw new TypeError('[hookguard] replayLease must be a number of seconds > 0.');
  }
  return {
    replayStore,
    timeoutMs,
    leaseMs: Math.ceil(leaseSeconds * 1000),
    failOpen: options.failOpen === true,
    warn: options.warn ?? console.warn,
  };
}
