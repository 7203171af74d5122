import { type ClaimResult, MemoryReplayStore, type ReplayStore, verify } from '@hookguard/core';
import { resolveReplayPolicy } from '@hookguard/core/adapter';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeStoreFailure, withTimeout } from '../../src/replay/store-call.js';
import { cashfreeScheme, NOW, signedCashfree } from '../fixtures.js';

const REFUSED = () => new Error('connect ECONNREFUSED redis://:hunter2@cache:6379');

const hanging: ReplayStore = {
  claim: () => new Promise(() => {}),
  commit: () => new Promise(() => {}),
  release: () => new Promise(() => {}),
};
const broken: ReplayStore = {
  claim: () => Promise.reject(Object.assign(REFUSED(), { code: 'ECONNREFUSED' })),
  commit: () => Promise.reject(REFUSED()),
  release: () => Promise.reject(REFUSED()),
};

/** A memory store whose chosen operations fail; the rest work. */
function failing(operations: ('commit' | 'release')[]): ReplayStore {
  const inner = new MemoryReplayStore();
  return {
    claim: (key, token, leaseMs) => inner.claim(key, token, leaseMs),
    commit: (key, token, ttlMs) =>
      operations.includes('commit') ? Promise.reject(REFUSED()) : inner.commit(key, token, ttlMs),
    release: (key, token) =>
      operations.includes('release') ? Promise.reject(REFUSED()) : inner.release(key, token),
  };
}

function collect(): { warnings: string[]; warn: (message: string) => void } {
  const warnings: string[] = [];
  return { warnings, warn: (message) => warnings.push(message) };
}

describe('a replay store that fails', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fails closed with replay_store_unavailable (503), keeping the cause, and says so through warn', async () => {
    const { warnings, warn } = collect();
    const error = await verify(cashfreeScheme, signedCashfree(), {
      now: NOW,
      replayStore: broken,
      warn,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'replay_store_unavailable', status: 503 });
    expect((error as Error).message).not.toContain('hunter2');
    expect(String((error as Error).cause)).toContain('ECONNREFUSED');
    expect(warnings).toEqual([
      '[hookguard] cashfree.webhook: the replay store failed (Error ECONNREFUSED); answering 503 replay_store_unavailable so the vendor retries later.',
    ]);
  });

  it('times out a store that never answers, instead of hanging', async () => {
    vi.useFakeTimers();
    const { warnings, warn } = collect();
    const result = verify(cashfreeScheme, signedCashfree(), {
      now: NOW,
      replayStore: hanging,
      replayStoreTimeout: 250,
      warn,
    }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(250);
    const error = await result;
    expect(error).toMatchObject({ code: 'replay_store_unavailable' });
    expect((error as Error).message).toContain('did not answer within 250 ms');
    expect(warnings[0]).toContain('the replay store did not answer within 250 ms');
  });

  it("releases a claim that lands after its timeout, by its token, so the vendor's retry is accepted", async () => {
    vi.useFakeTimers();
    const inner = new MemoryReplayStore();
    let landLateClaim: () => void = () => {};
    let late = true;
    const slow: ReplayStore = {
      claim: (key, token, leaseMs) => {
        if (!late) return inner.claim(key, token, leaseMs);
        late = false;
        // The store takes the lease, but its answer arrives only after the timeout.
        return new Promise<ClaimResult>((resolve) => {
          landLateClaim = () => resolve(inner.claim(key, token, leaseMs));
        });
      },
      commit: (key, token, ttlMs) => inner.commit(key, token, ttlMs),
      release: (key, token) => inner.release(key, token),
    };
    const { warnings, warn } = collect();
    const options = { now: NOW, replayStore: slow, replayStoreTimeout: 100, warn };
    const first = verify(cashfreeScheme, signedCashfree(), options).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    expect(await first).toMatchObject({ code: 'replay_store_unavailable' });
    landLateClaim();
    await vi.advanceTimersByTimeAsync(0);
    expect(warnings[1]).toMatch(/reached the replay store late; releasing it/);
    // The retry is claimed: the late lease was given back, not left to block it.
    const retry = await verify(cashfreeScheme, signedCashfree(), options);
    expect(retry.replayClaim?.key).toMatch(/^cashfree\.webhook:sig:/);
  });

  it('fails open with a warning that leaks nothing, when asked to', async () => {
    const { warnings, warn } = collect();
    const verified = await verify(cashfreeScheme, signedCashfree(), {
      now: NOW,
      replayStore: broken,
      failOpen: true,
      warn,
    });
    expect(verified.replayClaim).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^\[hookguard\] cashfree\.webhook: .*WITHOUT replay protection/);
    expect(warnings[0]).not.toContain('hunter2');
  });

  it('still refuses a replay the store does answer when failOpen is set', async () => {
    const replayStore = new MemoryReplayStore();
    const first = await verify(cashfreeScheme, signedCashfree(), {
      now: NOW,
      replayStore,
      failOpen: true,
    });
    await first.replayClaim?.commit();
    await expect(
      verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore, failOpen: true }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });

  it('treats a claim answer outside the contract as a store failure', async () => {
    const { warnings, warn } = collect();
    const odd = {
      ...new MemoryReplayStore(),
      claim: async () => true as never,
      commit: async () => true,
      release: async () => true,
    };
    await expect(
      verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore: odd, warn }),
    ).rejects.toMatchObject({ code: 'replay_store_unavailable' });
    expect(warnings[0]).toContain(
      "the replay store's claim() answered true, not 'claimed', 'in-progress' or 'replayed'",
    );
  });

  it('turns a store method that throws synchronously into a 503', async () => {
    const throwing: ReplayStore = {
      claim: () => {
        throw REFUSED();
      },
      commit: async () => true,
      release: async () => true,
    };
    await expect(
      verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore: throwing, warn: () => {} }),
    ).rejects.toMatchObject({ code: 'replay_store_unavailable' });
  });

  it('refuses bad replay options at configuration time', () => {
    expect(() => resolveReplayPolicy({ replayStore: {} as never })).toThrow(
      '[hookguard] replayStore must have claim(key, token, leaseMs), commit(key, token, ttlMs) and release(key, token).',
    );
    const old = { claim: async () => true, release: async () => undefined };
    expect(() => resolveReplayPolicy({ replayStore: old as never })).toThrow(TypeError);
    expect(() =>
      resolveReplayPolicy({ replayStore: new MemoryReplayStore(), replayStoreTimeout: 0 }),
    ).toThrow('[hookguard] replayStoreTimeout must be a number of milliseconds > 0.');
    expect(() =>
      resolveReplayPolicy({ replayStore: new MemoryReplayStore(), replayLease: -1 }),
    ).toThrow('[hookguard] replayLease must be a number of seconds > 0.');
    expect(resolveReplayPolicy({})).toBeUndefined();
    expect(resolveReplayPolicy({ replayStore: new MemoryReplayStore() })).toMatchObject({
      timeoutMs: 1000,
      leaseMs: 30_000,
      failOpen: false,
    });
  });
});

describe('a claim that answers after its timeout', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const outcomes: [
    string,
    (settle: { resolve: (r: ClaimResult) => void; reject: (e: Error) => void }) => void,
  ][] = [
    ['finds the key held by another copy', ({ resolve }) => resolve('in-progress')],
    ['fails', ({ reject }) => reject(REFUSED())],
  ];
  it.each(outcomes)(
    'is left alone when it %s: nothing to release, nothing more said',
    async (_, outcome) => {
      vi.useFakeTimers();
      let land = () => {};
      const released: string[] = [];
      const store: ReplayStore = {
        claim: () =>
          new Promise<ClaimResult>((resolve, reject) => {
            land = () => outcome({ resolve, reject });
          }),
        commit: async () => true,
        release: async (key) => {
          released.push(key);
          return true;
        },
      };
      const { warnings, warn } = collect();
      const result = verify(cashfreeScheme, signedCashfree(), {
        now: NOW,
        replayStore: store,
        replayStoreTimeout: 100,
        warn,
      }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(100);
      expect(await result).toMatchObject({ code: 'replay_store_unavailable' });
      land();
      await vi.advanceTimersByTimeAsync(0);
      expect(released).toEqual([]);
      expect(warnings).toHaveLength(1);
    },
  );
});

describe('settling a claim never throws', () => {
  it('warns when a store throws at once instead of rejecting', async () => {
    const { warnings, warn } = collect();
    const throwing: ReplayStore = {
      ...new MemoryReplayStore(),
      claim: () => 'claimed',
      commit: () => {
        throw REFUSED();
      },
      release: () => true,
    };
    const verified = await verify(cashfreeScheme, signedCashfree(), {
      now: NOW,
      replayStore: throwing,
      warn,
    });
    await expect(verified.replayClaim?.commit()).resolves.toBeUndefined();
    expect(warnings[0]).toMatch(
      /the replay store failed \(Error\) while recording a handled delivery/,
    );
  });

  it('warns when an asynchronous commit finds its lease gone', async () => {
    const { warnings, warn } = collect();
    const late: ReplayStore = {
      claim: async () => 'claimed' as const,
      commit: async () => false,
      release: async () => true,
    };
    const verified = await verify(cashfreeScheme, signedCashfree(), {
      now: NOW,
      replayStore: late,
      warn,
    });
    await verified.replayClaim?.commit();
    expect(warnings[0]).toMatch(/had run out before its handler answered/);
  });

  it('warns when a commit fails: a replay is refused only until the lease ends', async () => {
    const { warnings, warn } = collect();
    const verified = await verify(cashfreeScheme, signedCashfree(), {
      now: NOW,
      replayStore: failing(['commit']),
      warn,
    });
    await expect(verified.replayClaim?.commit()).resolves.toBeUndefined();
    expect(warnings).toEqual([
      '[hookguard] cashfree.webhook: the replay store failed (Error) while recording a handled delivery; a replay of it is refused only until its lease ends (30 s).',
    ]);
  });

  it('warns when a release fails: the retry waits for the lease', async () => {
    const { warnings, warn } = collect();
    const verified = await verify(cashfreeScheme, signedCashfree(), {
      now: NOW,
      replayStore: failing(['release']),
      replayLease: 5,
      warn,
    });
    await expect(verified.replayClaim?.release()).resolves.toBeUndefined();
    expect(warnings[0]).toMatch(
      /while releasing a failed delivery; the vendor's retry is answered 409 delivery_in_progress until its lease ends \(5 s\)\.$/,
    );
    expect(warnings[0]).not.toContain('hunter2');
  });

  it('warns when a commit finds its lease gone: the handler outran it', async () => {
    let now = 0;
    const replayStore = new MemoryReplayStore({ now: () => now });
    const { warnings, warn } = collect();
    const verified = await verify(cashfreeScheme, signedCashfree(), {
      now: NOW,
      replayStore,
      replayLease: 1,
      warn,
    });
    now = 1_000;
    await verified.replayClaim?.commit();
    expect(warnings[0]).toMatch(/lease \(1 s\) had run out before its handler answered/);
    // Recorded all the same: it took effect.
    await expect(
      verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });
});

describe('describeStoreFailure', () => {
  it("names the store error's kind and code, never its message (a client may quote a URL or a password)", () => {
    const refused = Object.assign(new Error('AUTH failed for rediss://app:s3cret@h:1'), {
      code: 'ECONNREFUSED',
    });
    expect(describeStoreFailure(refused)).toBe('the replay store failed (Error ECONNREFUSED)');
    class ReplyError extends Error {
      override name = 'ReplyError';
    }
    expect(describeStoreFailure(new ReplyError('NOSCRIPT s3cret'))).toBe(
      'the replay store failed (ReplyError)',
    );
    const odd = Object.assign(new Error('x'), { name: 's3cret name!', code: 's3cret code!' });
    expect(describeStoreFailure(odd)).toBe('the replay store failed (Error)');
    expect(describeStoreFailure('no')).toBe('the replay store failed');
  });
});

describe('replay store timing', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('leaves no timer behind once the store has answered and the deadline passed', async () => {
    vi.useFakeTimers();
    await withTimeout(Promise.resolve(true), 1000);
    // One timer serves every pending call; with nothing pending at its deadline it stops.
    await vi.advanceTimersByTimeAsync(1000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('times out each call at its own deadline, a shorter one re-arming the shared timer', async () => {
    vi.useFakeTimers();
    const never = new Promise<never>(() => {});
    const outcome = (call: Promise<unknown>) =>
      call.then(
        () => 'answered',
        (error: Error) => error.message,
      );
    const slow = outcome(withTimeout(never, 1000));
    const later = outcome(withTimeout(never, 2000));
    const fast = outcome(withTimeout(never, 100));
    const answered = outcome(withTimeout(Promise.resolve(1), 50));
    await vi.advanceTimersByTimeAsync(100);
    expect(await fast).toBe('the replay store did not answer within 100 ms');
    expect(await answered).toBe('answered');
    let slowDone = false;
    void slow.then(() => {
      slowDone = true;
    });
    await vi.advanceTimersByTimeAsync(899);
    expect(slowDone).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await slow).toBe('the replay store did not answer within 1000 ms');
    await vi.advanceTimersByTimeAsync(1000);
    expect(await later).toBe('the replay store did not answer within 2000 ms');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('a runtime whose timers cannot be unref()ed', () => {
  it('still claims through an asynchronous store (workerd with nodejs_compat on older dates throws from unref)', async () => {
    const realSetTimeout = globalThis.setTimeout;
    const throwingUnref = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
      ...args: Parameters<typeof setTimeout>
    ) => {
      const timer = realSetTimeout(...args);
      return Object.assign(timer, {
        unref: () => {
          throw new Error('unref() is not implemented');
        },
      });
    }) as unknown as typeof setTimeout);
    try {
      const inner = new MemoryReplayStore();
      const asynchronous: ReplayStore = {
        claim: async (key, token, leaseMs) => inner.claim(key, token, leaseMs),
        commit: async (key, token, ttlMs) => inner.commit(key, token, ttlMs),
        release: async (key, token) => inner.release(key, token),
      };
      const verified = await verify(cashfreeScheme, signedCashfree(), {
        now: NOW,
        replayStore: asynchronous,
      });
      expect(throwingUnref).toHaveBeenCalled();
      expect(verified.replayClaim).toBeDefined();
      await verified.replayClaim?.commit();
    } finally {
      throwingUnref.mockRestore();
    }
  });
});
