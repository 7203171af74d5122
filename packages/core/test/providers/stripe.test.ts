import { MemoryReplayStore, sign, stripe, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { recordingStore } from '../fixtures.js';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { accept, post, sha256 } from '../support/replay.js';

// How the Stripe-Signature list (t=…,v1=…) is read is the hmac() builder's list parsing:
// see providers/hmac-builder.test.ts, "hmac(): signature lists".

describeCatalogPreset('stripe');

describe('Stripe replay keys', () => {
  it("keys Stripe on the event id: a re-signed retry is the same delivery, and stripping one of a rolling secret's signatures changes nothing", async () => {
    const [older, newer] = ['whsec_old', 'whsec_new'];
    const scheme = stripe({ secret: [newer, older] });
    const now = () => 1_700_000_000_000;
    const body = '{"id":"evt_123","type":"charge.succeeded"}';
    const signedBoth = (t: number) => {
      const a = sign(stripe({ secret: newer }), { body, timestamp: t }).headers['stripe-signature'];
      const b = sign(stripe({ secret: older }), { body, timestamp: t }).headers['stripe-signature'];
      return { a: a as string, b: b as string };
    };
    const { a, b } = signedBoth(now());
    const request = (header: string) => ({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/json', 'stripe-signature': header },
      body,
    });
    const replayStore = new MemoryReplayStore();
    const first = await accept(scheme, request(`${a},${b.replace(/^t=\d+,/, '')}`), {
      now,
      replayStore,
    });
    expect(first.replayClaim?.key).toBe(`stripe:id:${sha256('evt_123')}`);
    for (const header of [a, b, signedBoth(now() + 60_000).a]) {
      await expect(
        verify(scheme, request(header), { now: () => now() + 60_000, replayStore }),
      ).rejects.toMatchObject({ code: 'replayed' });
    }
  });

  it('keys a Stripe body without an event id on the signed message, whichever key matched', async () => {
    const scheme = stripe({ secret: ['whsec_new', 'whsec_old'] });
    const now = () => 1_700_000_000_000;
    const store = recordingStore();
    for (const secret of ['whsec_new', 'whsec_old']) {
      const signed = sign(stripe({ secret }), { body: '{"object":"event"}', timestamp: now() });
      await verify(scheme, post(signed), { now, replayStore: store }).catch(() => {});
    }
    const [first, second] = store.claims.map(([key]) => key);
    expect(first).toBe(`stripe:msg:${sha256(`${now() / 1000}.{"object":"event"}`)}`);
    expect(second).toBe(first);
  });
});
