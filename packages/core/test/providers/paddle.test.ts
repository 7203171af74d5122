import { MemoryReplayStore, paddle, sign, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { accept, post, sha256 } from '../support/replay.js';

// How the Paddle-Signature list (ts=…;h1=…) is read is the hmac() builder's list parsing:
// see providers/hmac-builder.test.ts, "hmac(): signature lists".

describeCatalogPreset('paddle');

const NOW = 1_700_000_000_000;
const now = () => NOW;
const BODY = '{"event_id":"evt_1","notification_id":"ntf_01h","data":{"amount":"100"}}';

/** The Paddle-Signature of `body` at `at` (ms) under `secret`. */
const header = (secret: string, at: number, body = BODY) =>
  String(sign(paddle({ secret }), { body, timestamp: at }).headers['paddle-signature']);
const request = (signature: string, body = BODY) =>
  post({ headers: { 'content-type': 'application/json', 'paddle-signature': signature }, body });

describe('Paddle-Signature', () => {
  it('is ts=<seconds>;h1=<hex of "ts:body">, the ts first, as Paddle sends it', () => {
    expect(header('s', NOW)).toMatch(/^ts=1700000000;h1=[0-9a-f]{64}$/);
  });

  it('accepts any h1 of several, whichever secret of a roll signed it, and ignores h2 entries', async () => {
    const [older, newer] = ['pdl_ntfset_old', 'pdl_ntfset_new'];
    const scheme = paddle({ secret: [newer, older] });
    const both = `${header(newer, NOW)};${header(older, NOW).replace(/^ts=\d+;/, '')};h2=xyz`;
    await expect(verify(scheme, request(both), { now })).resolves.toMatchObject({
      matchedKey: 0,
    });
    await expect(verify(scheme, request(header(older, NOW)), { now })).resolves.toMatchObject({
      matchedKey: 1,
    });
  });
});

describe('Paddle replay keys', () => {
  it('keys on the signed notification_id: a re-signed retry of one notification is replayed', async () => {
    const scheme = paddle({ secret: 's' });
    const replayStore = new MemoryReplayStore();
    const first = await accept(scheme, request(header('s', NOW)), { now, replayStore });
    expect(first.replayClaim?.key).toBe(`paddle:id:${sha256('ntf_01h')}`);
    const later = () => NOW + 60_000;
    await expect(
      verify(scheme, request(header('s', later())), { now: later, replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });

  it('lets through a notification Paddle replays on request: the same event under a new notification_id', async () => {
    const scheme = paddle({ secret: 's' });
    const replayStore = new MemoryReplayStore();
    await accept(scheme, request(header('s', NOW)), { now, replayStore });
    const replayed = BODY.replace('ntf_01h', 'ntf_02h');
    await expect(
      verify(scheme, request(header('s', NOW, replayed), replayed), { now, replayStore }),
    ).resolves.toBeDefined();
  });

  it('keys a body without a notification_id on the signed message, whichever secret matched', async () => {
    const scheme = paddle({ secret: ['a', 'b'] });
    const body = '{"event_id":"evt_1"}';
    const replayStore = new MemoryReplayStore();
    const first = await accept(scheme, request(header('a', NOW, body), body), {
      now,
      replayStore,
    });
    expect(first.replayClaim?.key).toBe(`paddle:msg:${sha256(`1700000000:${body}`)}`);
    await expect(
      verify(scheme, request(header('b', NOW, body), body), { now, replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });
});

describe('Paddle window', () => {
  it("is 300 s each way by default, where Paddle's SDK allows 5 s in the past only", async () => {
    const scheme = paddle({ secret: 's' });
    const signed = request(header('s', NOW));
    await expect(verify(scheme, signed, { now: () => NOW + 6_000 })).resolves.toBeDefined();
    await expect(verify(scheme, signed, { now: () => NOW + 301_000 })).rejects.toMatchObject({
      code: 'timestamp_out_of_tolerance',
    });
    await expect(verify(scheme, signed, { now: () => NOW - 301_000 })).rejects.toMatchObject({
      code: 'timestamp_out_of_tolerance',
    });
  });

  it("tolerance: 5 is Paddle's own window, and replays are then remembered for 10 s", async () => {
    const scheme = paddle({ secret: 's', tolerance: 5 });
    expect(scheme.replayTtlSeconds).toBe(10);
    const signed = request(header('s', NOW));
    await expect(verify(scheme, signed, { now: () => NOW + 5_000 })).resolves.toBeDefined();
    await expect(verify(scheme, signed, { now: () => NOW + 6_000 })).rejects.toMatchObject({
      code: 'timestamp_out_of_tolerance',
    });
  });
});
