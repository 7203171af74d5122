import {
  cashfree,
  MemoryReplayStore,
  type VerifiedWebhook,
  verify,
  type WebhookRequest,
  type WebhookScheme,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { cashfreeScheme, NOW, recordingStore, signedCashfree } from './fixtures.js';

/** Verifies and commits, as an adapter does once the handler answered 2xx. */
async function accept(
  scheme: WebhookScheme,
  request: WebhookRequest,
  options: Parameters<typeof verify>[2],
): Promise<VerifiedWebhook> {
  const verified = await verify(scheme, request, options);
  await verified.replayClaim?.commit();
  return verified;
}

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
