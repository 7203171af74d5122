import { createHash } from 'node:crypto';
import { cashfree, ethoca, MemoryReplayStore, verify } from '@hookguard/core';
import { resolveReplayPolicy } from '@hookguard/core/adapter';
import { describe, expect, it } from 'vitest';
import { replayKeyOf } from '../../src/replay/replay-key.js';
import { webhookDefinitionOf } from '../../src/scheme.js';
import { cashfreeScheme, NOW, recordingStore, signedCashfree } from '../fixtures.js';
import { accept } from '../support/replay.js';

// Replay protection in verify: the claim (lease, commit, release), keys made only of signed
// material, the TTL and the options. What each provider keys on is in its file under
// providers/; a store that fails is in replay-store-failure.test.ts, the memory store in
// memory-replay-store.test.ts.

describe('replay protection in verify: lease, commit, release', () => {
  it('holds a delivery while it is handled (409 delivery_in_progress, Retry-After the lease), then refuses it as replayed once committed', async () => {
    const replayStore = new MemoryReplayStore();
    const first = await verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore });
    expect(first.replayClaim?.key).toMatch(/^cashfree\.webhook:sig:[A-Za-z0-9_-]{43}$/);
    await expect(
      verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore, replayLease: 12 }),
    ).rejects.toMatchObject({ code: 'delivery_in_progress', status: 409, retryAfterSeconds: 12 });
    await first.replayClaim?.commit();
    await expect(
      verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore }),
    ).rejects.toMatchObject({ code: 'replayed', status: 401 });
  });

  it('accepts the retry of a released delivery, once', async () => {
    const replayStore = new MemoryReplayStore();
    const first = await verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore });
    await first.replayClaim?.release();
    const retry = await accept(cashfreeScheme, signedCashfree(), { now: NOW, replayStore });
    expect(retry.replayClaim?.key).toBe(first.replayClaim?.key);
    await expect(
      verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });

  it('settles a claim once: the first of commit, release or settle counts', async () => {
    const store = recordingStore();
    const verified = await verify(cashfreeScheme, signedCashfree(), {
      now: NOW,
      replayStore: store,
    });
    const claim = verified.replayClaim;
    await Promise.all([claim?.commit(), claim?.release(), claim?.settle(500), claim?.commit()]);
    expect(store.commits).toHaveLength(1);
    expect(store.releases).toEqual([]);
  });

  it('settles by status: commits below 500, releases a 5xx or a response that never completed', async () => {
    for (const [status, outcome] of [
      [200, 'commit'],
      [204, 'commit'],
      [422, 'commit'],
      [499, 'commit'],
      [500, 'release'],
      [503, 'release'],
      [undefined, 'release'],
    ] as const) {
      const store = recordingStore();
      const verified = await verify(cashfreeScheme, signedCashfree(), {
        now: NOW,
        replayStore: store,
      });
      await verified.replayClaim?.settle(status);
      expect([store.commits.length, store.releases.length], `status ${status}`).toEqual(
        outcome === 'commit' ? [1, 0] : [0, 1],
      );
    }
  });

  it('claims with the lease, and commits for the scheme TTL', async () => {
    const store = recordingStore();
    const verified = await verify(cashfreeScheme, signedCashfree(), {
      now: NOW,
      replayStore: store,
      replayLease: 2.5,
    });
    await verified.replayClaim?.commit();
    const key = verified.replayClaim?.key as string;
    expect(store.claims).toEqual([[key, 2_500]]);
    expect(store.commits).toEqual([[key, 600_000]]);
  });

  it('never claims for a forged, stale or malformed request, so the real delivery still gets through', async () => {
    const store = recordingStore();
    const real = signedCashfree();
    await expect(
      verify(
        cashfreeScheme,
        { ...real, body: '{"type":"FORGED"}' },
        { now: NOW, replayStore: store },
      ),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
    await expect(
      verify(cashfreeScheme, real, { now: () => NOW() + 600_000, replayStore: store }),
    ).rejects.toMatchObject({ code: 'timestamp_out_of_tolerance' });
    await expect(
      verify(cashfreeScheme, signedCashfree({}, 'signed but not JSON'), {
        now: NOW,
        replayStore: store,
      }),
    ).rejects.toMatchObject({ code: 'malformed_request' });
    expect(store.claims).toEqual([]);
    await expect(
      verify(cashfreeScheme, real, { now: NOW, replayStore: store }),
    ).resolves.toMatchObject({
      matchedKey: 0,
    });
  });

  it('refuses bad replay options when verify is called', async () => {
    for (const options of [
      { replayStore: {} as never },
      { replayStore: new MemoryReplayStore(), replayStoreTimeout: 0 },
      { replayStore: new MemoryReplayStore(), replayLease: 0 },
      { replayStore: new MemoryReplayStore(), replayLease: Number.POSITIVE_INFINITY },
      { replayStore: new MemoryReplayStore(), replayLease: '30' as never },
    ]) {
      await expect(
        verify(cashfreeScheme, signedCashfree(), { now: NOW, ...options }),
      ).rejects.toThrow(TypeError);
    }
  });
});

describe('replay keys come only from what the signature covers', () => {
  it('treats the signature without padding as the same delivery', async () => {
    const replayStore = new MemoryReplayStore();
    const request = signedCashfree();
    await accept(cashfreeScheme, request, { now: NOW, replayStore });
    const unpadded = {
      ...request,
      headers: {
        ...request.headers,
        'x-webhook-signature': String(request.headers['x-webhook-signature']).replace(/=+$/, ''),
      },
    };
    await expect(verify(cashfreeScheme, unpadded, { now: NOW, replayStore })).rejects.toMatchObject(
      {
        code: 'replayed',
      },
    );
  });

  const ethocaDefinition = webhookDefinitionOf(
    ethoca({ keys: { k1: 's' }, publicUrl: 'https://m.example' }),
  );

  it('builds replay keys from signed material only, each of a fixed size', () => {
    const sha = (text: string) => createHash('sha256').update(text).digest('base64url');
    const parts = { signatures: [], signatureSource: '', message: [], payload: () => undefined };
    const checked = {
      parts,
      key: { id: 'k1', bytes: Buffer.from('s'), hasOuterWhitespace: false },
      digest: Buffer.from('digest'),
      message: [
        { label: 'a', value: 'x' },
        { label: 'b', value: Buffer.from('y') },
      ],
      items: [],
      body: Buffer.from('the body'),
      payload: { id: 'evt_1' } as unknown,
    };
    expect(replayKeyOf({ ...ethocaDefinition, replayBy: 'digest' }, checked)).toBe(
      'ethoca:sig:ZGlnZXN0',
    );
    expect(replayKeyOf({ ...ethocaDefinition, replayBy: 'message' }, checked)).toBe(
      `ethoca:msg:${sha('xy')}`,
    );
    expect(replayKeyOf({ ...ethocaDefinition, replayBy: 'body' }, checked)).toBe(
      `ethoca:body:${sha('the body')}`,
    );
    // A signed delivery id wins, hashed: however long it is, the key is not.
    const longId = { ...checked, parts: { ...parts, deliveryId: 'd'.repeat(16_384) } };
    expect(replayKeyOf({ ...ethocaDefinition, replayBy: 'digest' }, longId)).toBe(
      `ethoca:id:${sha('d'.repeat(16_384))}`,
    );
    const fromPayload = {
      ...ethocaDefinition,
      replayBy: 'digest' as const,
      deliveryIdFrom: (payload: unknown) => (payload as { id?: string }).id,
    };
    expect(replayKeyOf(fromPayload, checked)).toBe(`ethoca:id:${sha('evt_1')}`);
    expect(replayKeyOf(fromPayload, { ...checked, payload: {} })).toBe('ethoca:sig:ZGlnZXN0');
  });
});

describe('replay TTL', () => {
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

describe('replay options', () => {
  it('refuses replay stores missing any method, with hookguard’s message', () => {
    for (const replayStore of [
      null,
      {},
      { claim: async () => 'claimed' },
      { release: async () => true },
      { claim: async () => 'claimed', release: async () => true },
      { claim: async () => 'claimed', commit: async () => true },
    ]) {
      expect(
        () => resolveReplayPolicy({ replayStore: replayStore as never }),
        JSON.stringify(replayStore),
      ).toThrow(
        /replayStore must have claim\(key, token, leaseMs\), commit\(key, token, ttlMs\) and release\(key, token\)/,
      );
    }
  });
});
