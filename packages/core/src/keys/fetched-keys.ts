import { WebhookVerificationError } from '../errors.js';
import { isPending } from '../replay/store-call.js';
import { KeyCache, type KeyCacheOptions, type LoadedKey } from './key-cache.js';
import {
  fetchKeyDocument,
  type KeyDocumentRequest,
  type KeyFetchPolicy,
  trustedKeyUrl,
} from './key-fetch.js';
import type { Key } from './key-ring.js';

/**
 * Keys a vendor publishes at a URL (PayPal's certificate, AWS SNS's `SigningCertURL`, Plaid's
 * JWK by key id), for the synchronous checks. The checks stay synchronous (see
 * `runWithCrypto`): a check asks {@link FetchedKeys.keyFor} for the key a request names; a
 * key in the cache is returned at once, and a missing one starts its fetch and stops the
 * check with {@link KeyPending}, which {@link runWithKeys} awaits before running the check
 * again. A delivery costs a fetch only when its key is new.
 */

/** Stops a check until a key has loaded; never an Error, never seen outside the core. */
export class KeyPending {
  constructor(readonly loading: Promise<unknown>) {}
}

/** How many times a check may stop for a key: a request names one key (two for a refresh). */
const MAX_KEY_WAITS = 3;

/**
 * Runs a check that may stop for a key: at once when every key it needs is held (the usual
 * case, and then with no extra await), else again once the key has loaded. A failed load
 * rejects with its own error (`key_unavailable`).
 */
export function runWithKeys<T>(check: () => T | Promise<T>, waits = MAX_KEY_WAITS): T | Promise<T> {
  let ran: T | Promise<T>;
  try {
    ran = check();
  } catch (error) {
    if (error instanceof KeyPending) return afterKey(error, check, waits);
    throw error;
  }
  if (!isPending(ran)) return ran;
  return ran.then(undefined, (error: unknown) => {
    if (error instanceof KeyPending) return afterKey(error, check, waits);
    throw error;
  });
}

async function afterKey<T>(pending: KeyPending, check: () => T | Promise<T>, waits: number) {
  await pending.loading;
  if (waits <= 1)
    throw new Error('[hookguard] internal error: a check still needed a new key after it loaded.');
  return runWithKeys(check, waits - 1);
}

/** Where a key is fetched from, and how to ask for it. */
export interface KeyLocation {
  readonly url: string;
  readonly request?: KeyDocumentRequest | undefined;
}

/** Options for {@link FetchedKeys}. */
export interface FetchedKeysOptions {
  readonly policy: KeyFetchPolicy;
  readonly cache?: KeyCacheOptions | undefined;
  /** Where the key named `id` lives: for a certificate URL, the URL itself. */
  readonly locate: (id: string) => KeyLocation;
  /**
   * The key in a fetched document, with when it stops being valid; throws
   * `key_unavailable` for a document that is not one, or a key not valid at `nowMs`.
   */
  readonly parse: (document: Uint8Array, id: string, nowMs: number) => LoadedKey<Key>;
  /**
   * Fetches started in any minute, at most; past it a new key is `key_unavailable` (503)
   * without a fetch. Keys change rarely (PayPal's certificate yearly), so a handful covers
   * every real delivery, and a flood of requests naming new keys cannot turn the server
   * into a stream of outbound requests. Default 10.
   */
  readonly maxFetchesPerMinute?: number | undefined;
}

const MINUTE_MS = 60_000;

/** A vendor's fetched keys, by id (certificate URL or key id), cached until they expire. */
export class FetchedKeys {
  private readonly cache: KeyCache<Key>;
  private readonly maxFetchesPerMinute: number;
  private readonly fetchesStarted: number[] = [];

  constructor(private readonly options: FetchedKeysOptions) {
    this.cache = new KeyCache<Key>(options.cache);
    const { maxFetchesPerMinute = 10 } = options;
    if (!(Number.isSafeInteger(maxFetchesPerMinute) && maxFetchesPerMinute > 0)) {
      throw new TypeError(
        `[hookguard] ${options.policy.provider}: maxFetchesPerMinute must be a whole number above 0.`,
      );
    }
    this.maxFetchesPerMinute = maxFetchesPerMinute;
  }

  /**
   * The key named `id`, if held and valid at `nowMs`. Otherwise the URL is checked against
   * the allow-list (`untrusted_key_url`, thrown at once, nothing fetched), its fetch is
   * started (or joined), and {@link KeyPending} is thrown for {@link runWithKeys} to await.
   */
  keyFor(id: string, nowMs: number): Key {
    const held = this.cache.get(id, nowMs);
    if (held !== undefined) return held;
    const { policy, locate, parse } = this.options;
    const location = locate(id);
    trustedKeyUrl(location.url, policy);
    if (!this.cache.isLoading(id)) this.countFetch(nowMs);
    const loading = this.cache.load(
      id,
      async () => parse(await fetchKeyDocument(location.url, policy, location.request), id, nowMs),
      nowMs,
    );
    // Whoever awaits it sees the failure; this keeps an unawaited copy from being unhandled.
    loading.catch(() => {});
    throw new KeyPending(loading);
  }

  private countFetch(nowMs: number): void {
    const started = this.fetchesStarted;
    while (started.length > 0 && (started[0] as number) <= nowMs - MINUTE_MS) started.shift();
    if (started.length >= this.maxFetchesPerMinute) {
      throw new WebhookVerificationError(
        'key_unavailable',
        `more than ${this.maxFetchesPerMinute} keys were fetched in the last minute; this one is not fetched now. Retry later.`,
        { provider: this.options.policy.provider },
      );
    }
    started.push(nowMs);
  }
}
