import { describe, expect, it } from 'vitest';
import {
  DEFAULT_KEY_CACHE_MAX_ENTRIES,
  DEFAULT_KEY_CACHE_MAX_TTL_MS,
  KeyCache,
  type KeyLoader,
} from '../../src/keys/key-cache.js';

// The cache alone, with loaders that answer at once and an injected clock (epoch ms). With
// real fetches (one fetch for concurrent misses, expiry, failures not kept) it is tested in
// key-fetch.test.ts.

/** A loader that counts its calls and answers `value-<id>-<call>`, expiring at `expiresAt`. */
function counting(expiresAt?: number) {
  const calls: string[] = [];
  const loader: KeyLoader<string> = async (id) => {
    calls.push(id);
    return { value: `value-${id}-${calls.length}`, expiresAt };
  };
  return { calls, loader };
}

describe('KeyCache', () => {
  it('misses for an id never loaded', () => {
    expect(new KeyCache<string>().get('a', 0)).toBeUndefined();
  });

  it('keeps a key for maxTtlMs from the start of its load when the loader names no expiry', async () => {
    const cache = new KeyCache<string>({ maxTtlMs: 1_000 });
    const { loader } = counting();
    expect(await cache.load('a', loader, 5_000)).toBe('value-a-1');
    expect(cache.get('a', 5_999)).toBe('value-a-1');
    expect(cache.get('a', 6_000)).toBeUndefined();
  });

  it("keeps a key until its own expiry when that comes before maxTtlMs (a certificate's notAfter)", async () => {
    const cache = new KeyCache<string>({ maxTtlMs: 1_000 });
    await cache.load('a', counting(300).loader, 0);
    expect(cache.get('a', 299)).toBe('value-a-1');
    expect(cache.get('a', 300)).toBeUndefined();
  });

  it('never keeps a key past maxTtlMs, whatever expiry the loader names', async () => {
    const cache = new KeyCache<string>({ maxTtlMs: 1_000 });
    await cache.load('a', counting(Number.POSITIVE_INFINITY).loader, 0);
    expect(cache.get('a', 999)).toBe('value-a-1');
    expect(cache.get('a', 1_000)).toBeUndefined();
  });

  it('returns a key that is already expired, or has a NaN expiry, without keeping it', async () => {
    const cache = new KeyCache<string>();
    for (const expiresAt of [10, 100, Number.NaN]) {
      const { calls, loader } = counting(expiresAt);
      expect(await cache.load('a', loader, 100)).toBe('value-a-1');
      expect(cache.get('a', 100)).toBeUndefined();
      await cache.load('a', loader, 100);
      expect(calls).toHaveLength(2);
    }
    expect(cache.size).toBe(0);
  });

  it('answers from the cache without calling the loader while the key is fresh', async () => {
    const cache = new KeyCache<string>();
    const { calls, loader } = counting();
    await cache.load('a', loader, 0);
    expect(await cache.load('a', loader, 1)).toBe('value-a-1');
    expect(calls).toEqual(['a']);
  });

  it('shares one load among concurrent misses for the same id, not across ids', async () => {
    const cache = new KeyCache<string>();
    const { calls, loader } = counting();
    const loads = [
      cache.load('a', loader, 0),
      cache.load('a', loader, 0),
      cache.load('b', loader, 0),
    ];
    expect(cache.get('a', 0)).toBeUndefined();
    const values = await Promise.all(loads);
    expect(calls.sort()).toEqual(['a', 'b']);
    expect(values[0]).toBe(values[1]);
  });

  it('keeps no failure, and gives every concurrent waiter the same one', async () => {
    const cache = new KeyCache<string>();
    let fail = true;
    const failure = new Error('key server down');
    let calls = 0;
    const loader: KeyLoader<string> = async () => {
      calls += 1;
      if (fail) throw failure;
      return { value: 'k' };
    };
    const outcomes = await Promise.allSettled([
      cache.load('a', loader, 0),
      cache.load('a', loader, 0),
    ]);
    expect(outcomes).toEqual([
      { status: 'rejected', reason: failure },
      { status: 'rejected', reason: failure },
    ]);
    expect(cache.size).toBe(0);
    fail = false;
    expect(await cache.load('a', loader, 0)).toBe('k');
    expect(calls).toBe(2);
  });

  it('turns a loader that throws at once into a rejection, and keeps nothing', async () => {
    const cache = new KeyCache<string>();
    const failure = new TypeError('bad');
    const loader = (() => {
      throw failure;
    }) as KeyLoader<string>;
    await expect(cache.load('a', loader, 0)).rejects.toBe(failure);
    expect(cache.size).toBe(0);
  });

  it('drops the oldest key when full', async () => {
    const cache = new KeyCache<string>({ maxEntries: 2 });
    const { loader } = counting();
    await cache.load('a', loader, 0);
    await cache.load('b', loader, 0);
    await cache.load('c', loader, 0);
    expect(cache.size).toBe(2);
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('b', 0)).toBe('value-b-2');
    expect(cache.get('c', 0)).toBe('value-c-3');
  });

  it('drops expired keys before a fresh one when full', async () => {
    const cache = new KeyCache<string>({ maxEntries: 2, maxTtlMs: 1_000 });
    const { loader } = counting();
    await cache.load('a', loader, 500);
    await cache.load('b', loader, 0);
    await cache.load('c', loader, 1_200);
    expect(cache.get('a', 1_200)).toBe('value-a-1');
    expect(cache.get('b', 1_200)).toBeUndefined();
    expect(cache.get('c', 1_200)).toBe('value-c-3');
  });

  it('counts a reloaded key as the newest', async () => {
    const cache = new KeyCache<string>({ maxEntries: 2, maxTtlMs: 1_000 });
    const { loader } = counting();
    await cache.load('a', loader, 0);
    await cache.load('b', loader, 500);
    await cache.load('a', loader, 1_000);
    await cache.load('c', loader, 1_000);
    expect(cache.get('a', 1_000)).toBe('value-a-3');
    expect(cache.get('b', 1_000)).toBeUndefined();
    expect(cache.get('c', 1_000)).toBe('value-c-4');
  });

  it('has safe defaults', () => {
    expect(DEFAULT_KEY_CACHE_MAX_TTL_MS).toBe(86_400_000);
    expect(DEFAULT_KEY_CACHE_MAX_ENTRIES).toBe(100);
  });

  it.each([
    ['a zero maxTtlMs', { maxTtlMs: 0 }],
    ['a NaN maxTtlMs', { maxTtlMs: Number.NaN }],
    ['a zero maxEntries', { maxEntries: 0 }],
    ['a fractional maxEntries', { maxEntries: 1.5 }],
  ])('refuses %s with a TypeError', (_, options) => {
    expect(() => new KeyCache(options)).toThrow(TypeError);
  });
});
