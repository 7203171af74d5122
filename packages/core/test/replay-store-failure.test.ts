import {
  MemoryReplayStore,
  type ReplayStore,
  releaseDelivery,
  resolveReplayPolicy,
  verify,
} from '@hookguard/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cashfreeScheme, NOW, signedCashfree } from './fixtures.js';

const hanging: ReplayStore = {
  claim: () => new Promise(() => {}),
  release: () => new Promise(() => {}),
};
const broken: ReplayStore = {
  claim: () => Promise.reject(new Error('connect ECONNREFUSED redis://:hunter2@cache:6379')),
  release: () => Promise.reject(new Error('connect ECONNREFUSED redis://:hunter2@cache:6379')),
};

describe('a replay store that fails', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fails closed with replay_store_unavailable (503) by default, keeping the cause', async () => {
    const error = await verify(cashfreeScheme, signedCashfree(), {
      now: NOW,
      replayStore: broken,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'replay_store_unavailable', status: 503 });
    expect((error as Error).message).not.toContain('hunter2');
    expect(String((error as Error).cause)).toContain('ECONNREFUSED');
  });

  it('times out a store that never answers, instead of hanging', async () => {
    vi.useFakeTimers();
    const result = verify(cashfreeScheme, signedCashfree(), {
      now: NOW,
      replayStore: hanging,
      replayStoreTimeout: 250,
    }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(250);
    const error = await result;
    expect(error).toMatchObject({ code: 'replay_store_unavailable' });
    expect((error as Error).message).toContain('did not answer within 250 ms');
  });

  it('fails open with a warning that leaks nothing, when asked to', async () => {
    const warnings: string[] = [];
    const verified = await verify(cashfreeScheme, signedCashfree(), {
      now: NOW,
      replayStore: broken,
      failOpen: true,
      warn: (message) => warnings.push(message),
    });
    expect(verified.replayKey).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/WITHOUT replay protection/);
    expect(warnings[0]).not.toContain('hunter2');
  });

  it('still refuses a replay the store does answer when failOpen is set', async () => {
    const replayStore = new MemoryReplayStore();
    await verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore, failOpen: true });
    await expect(
      verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore, failOpen: true }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });

  it('refuses bad replay options at configuration time', async () => {
    expect(() => resolveReplayPolicy({ replayStore: {} as never })).toThrow(TypeError);
    expect(() =>
      resolveReplayPolicy({ replayStore: new MemoryReplayStore(), replayStoreTimeout: 0 }),
    ).toThrow(TypeError);
    expect(resolveReplayPolicy({})).toBeUndefined();
  });
});

describe('releaseDelivery', () => {
  it('forgets the key so the retry is accepted', async () => {
    const replayStore = new MemoryReplayStore();
    const first = await verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore });
    await releaseDelivery(
      resolveReplayPolicy({ replayStore }) as NonNullable<ReturnType<typeof resolveReplayPolicy>>,
      first.replayKey as string,
      first.provider,
    );
    await expect(
      verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore }),
    ).resolves.toMatchObject({ matchedKey: 0 });
  });

  it('never throws: a failed release is a warning', async () => {
    const warnings: string[] = [];
    const policy = resolveReplayPolicy({
      replayStore: broken,
      warn: (message) => warnings.push(message),
    });
    await expect(
      releaseDelivery(policy as NonNullable<typeof policy>, 'k', 'cashfree.webhook'),
    ).resolves.toBeUndefined();
    expect(warnings[0]).toMatch(/while releasing a failed delivery/);
    expect(warnings[0]).not.toContain('hunter2');
  });
});

describe('MemoryReplayStore under a million distinct keys', () => {
  it('never holds more than maxKeys', async () => {
    const store = new MemoryReplayStore({ maxKeys: 10_000 });
    let largest = 0;
    const claims = process.env.HOOKGUARD_MUTATION === '1' ? 100_000 : 1_000_000;
    for (let i = 0; i < claims; i++) {
      await store.claim(`delivery-${i}`, 600);
      if (store.size > largest) largest = store.size;
    }
    expect(largest).toBe(10_000);
    // The newest keys are still refused as replays; the oldest were evicted.
    expect(await store.claim(`delivery-${claims - 1}`, 600)).toBe(false);
    expect(await store.claim('delivery-0', 600)).toBe(true);
  });

  it('stays bounded when the same keys are claimed and released over and over', async () => {
    const store = new MemoryReplayStore({ maxKeys: 100 });
    for (let i = 0; i < 100_000; i++) {
      await store.claim(`k${i % 50}`, 600);
      await store.release(`k${i % 50}`);
    }
    expect(store.size).toBe(0);
    // The claim-order queue (stale entries included) never outgrows twice the bound.
    expect(store['queue'].length - store['head']).toBeLessThanOrEqual(200);
  });
});
