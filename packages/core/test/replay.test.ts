import {
  cashfree,
  fiserv,
  MemoryReplayStore,
  type ReplayStore,
  sign,
  smileId,
  verify,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import {
  cashfreeScheme,
  ETHOCA_NOW,
  ethocaScheme,
  NOW,
  signedCashfree,
  signedEthoca,
} from './fixtures.js';

/** A store that records what verify asked of it. */
function recordingStore(): ReplayStore & { claims: string[] } {
  const inner = new MemoryReplayStore();
  const claims: string[] = [];
  return {
    claims,
    claim: (key, ttl) => {
      claims.push(key);
      return inner.claim(key, ttl);
    },
    release: (key) => inner.release(key),
  };
}

describe('replay protection in verify', () => {
  it('refuses an exact re-delivery as replayed and reports the claimed key', async () => {
    const replayStore = new MemoryReplayStore();
    const first = await verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore });
    expect(first.replayKey).toMatch(/^cashfree\.webhook:/);
    await expect(
      verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });

  it('never claims for a forged request, so the real delivery still gets through', async () => {
    const replayStore = recordingStore();
    const real = signedCashfree();
    const forged = { ...real, body: '{"type":"FORGED"}' };
    await expect(verify(cashfreeScheme, forged, { now: NOW, replayStore })).rejects.toMatchObject({
      code: 'invalid_signature',
    });
    expect(replayStore.claims).toEqual([]);
    await expect(verify(cashfreeScheme, real, { now: NOW, replayStore })).resolves.toMatchObject({
      matchedKey: 0,
    });
  });

  it('never claims for a stale or malformed request', async () => {
    const replayStore = recordingStore();
    await expect(
      verify(cashfreeScheme, signedCashfree(), { now: () => NOW() + 600_000, replayStore }),
    ).rejects.toMatchObject({ code: 'timestamp_out_of_tolerance' });
    await expect(
      verify(cashfreeScheme, signedCashfree({}, 'signed but not JSON'), { now: NOW, replayStore }),
    ).rejects.toMatchObject({ code: 'malformed_request' });
    expect(replayStore.claims).toEqual([]);
  });

  it('treats the signature without padding as the same delivery', async () => {
    const replayStore = new MemoryReplayStore();
    const request = signedCashfree();
    await verify(cashfreeScheme, request, { now: NOW, replayStore });
    const unpadded = {
      ...request,
      headers: {
        ...request.headers,
        'x-webhook-signature': String(request.headers['x-webhook-signature']).replace(/=+$/, ''),
      },
    };
    await expect(verify(cashfreeScheme, unpadded, { now: NOW, replayStore })).rejects.toMatchObject(
      { code: 'replayed' },
    );
  });

  it("treats Ethoca's double-encoded form of an accepted delivery as a replay", async () => {
    const replayStore = new MemoryReplayStore();
    await verify(ethocaScheme, signedEthoca({ a: 1 }), { now: ETHOCA_NOW, replayStore });
    await expect(
      verify(ethocaScheme, signedEthoca({ a: 1 }, 'double-encoded'), {
        now: ETHOCA_NOW,
        replayStore,
      }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });

  it('deduplicates Smile ID on the (timestamp, signature) pair, whatever the body', async () => {
    const scheme = smileId({ partnerId: '085', apiKey: 'k' });
    const pair = sign(scheme, { timestamp: '2022-04-03T21:31:47.296Z' });
    const now = () => Date.parse('2022-04-03T21:31:48Z');
    const replayStore = new MemoryReplayStore();
    const request = (result: string) => ({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...pair, result }),
    });
    const first = await verify(scheme, request('approved'), { now, replayStore });
    expect(first.replayKey).toContain('2022-04-03T21:31:47.296Z');
    await expect(verify(scheme, request('rejected'), { now, replayStore })).rejects.toMatchObject({
      code: 'replayed',
    });
  });

  it('deduplicates Fiserv on the Client-Request-Id, even for another signed body', async () => {
    const scheme = fiserv({ apiKey: 'key', secret: 'secret' });
    const now = () => 1_700_000_000_000;
    const replayStore = new MemoryReplayStore();
    const send = (body: unknown) => {
      const signed = sign(scheme, { body, requestId: 'req-1', timestamp: now() });
      return verify(
        scheme,
        { method: 'POST', url: '/', headers: signed.headers, body: signed.body },
        { now, replayStore },
      );
    };
    await expect(send({ n: 1 })).resolves.toMatchObject({ replayKey: 'fiserv:key:req-1' });
    await expect(send({ n: 2 })).rejects.toMatchObject({ code: 'replayed' });
  });

  it('sizes the replay TTL per scheme: twice the tolerance, or a day when nothing is timestamped', () => {
    expect(cashfreeScheme.replayTtlSeconds).toBe(600);
    expect(cashfree.webhook({ secret: 's', tolerance: 60 }).replayTtlSeconds).toBe(120);
    expect(cashfree.webhook({ secret: 's', tolerance: false }).replayTtlSeconds).toBe(86_400);
    expect(cashfree.subscription({ secret: 's' }).replayTtlSeconds).toBe(86_400);
    expect(cashfree.subscription({ secret: 's', replayTtl: 3600 }).replayTtlSeconds).toBe(3600);
  });

  it('refuses a replayTtl shorter than twice the tolerance at configuration time', () => {
    expect(() => cashfree.webhook({ secret: 's', replayTtl: 599 })).toThrow(TypeError);
    expect(() => cashfree.webhook({ secret: 's', replayTtl: 600 })).not.toThrow();
  });
});

describe('MemoryReplayStore', () => {
  it('forgets a key once its TTL has passed', async () => {
    let now = 0;
    const store = new MemoryReplayStore({ now: () => now });
    expect(await store.claim('a', 10)).toBe(true);
    now = 9_999;
    expect(await store.claim('a', 10)).toBe(false);
    now = 10_000;
    expect(await store.claim('a', 10)).toBe(true);
  });

  it('accepts a key again after release', async () => {
    const store = new MemoryReplayStore();
    expect(await store.claim('a', 60)).toBe(true);
    await store.release('a');
    expect(await store.claim('a', 60)).toBe(true);
  });

  it('evicts the oldest key beyond maxKeys', async () => {
    const store = new MemoryReplayStore({ maxKeys: 2 });
    await store.claim('a', 60);
    await store.claim('b', 60);
    await store.claim('c', 60);
    expect(store.size).toBe(2);
    expect(await store.claim('a', 60)).toBe(true);
    expect(await store.claim('c', 60)).toBe(false);
  });

  it('sweeps expired keys as it goes', async () => {
    let now = 0;
    const store = new MemoryReplayStore({ now: () => now });
    for (let i = 0; i < 100; i++) await store.claim(`k${i}`, 1);
    now = 5_000;
    for (let i = 0; i < 20; i++) await store.claim(`n${i}`, 1);
    expect(store.size).toBeLessThan(100);
  });

  it('refuses a maxKeys that is not a whole number ≥ 1', () => {
    expect(() => new MemoryReplayStore({ maxKeys: 0 })).toThrow(TypeError);
    expect(() => new MemoryReplayStore({ maxKeys: 1.5 })).toThrow(TypeError);
  });
});
