import { clerk, MemoryReplayStore, sign, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { accept, post, sha256 } from '../support/replay.js';

describeCatalogPreset('clerk');

const NOW = 1_700_000_000_000;
const now = () => NOW;
const scheme = clerk({ secret: `whsec_${Buffer.from('clerk-test-secret').toString('base64')}` });
const BODY = '{"type":"user.deleted","data":{"id":"user_1"}}';

describe('Clerk', () => {
  it("keys replays on the signed svix-id: Svix's retry, signed again later, is replayed", async () => {
    const replayStore = new MemoryReplayStore();
    const send = (at: number) =>
      post(sign(scheme, { body: BODY, headers: { 'svix-id': 'msg_1' } }, { now: () => at }));
    const first = await accept(scheme, send(NOW), { now, replayStore });
    expect(first.replayClaim?.key).toBe(`clerk:id:${sha256('msg_1')}`);
    await expect(verify(scheme, send(NOW + 60_000), { now, replayStore })).rejects.toMatchObject({
      code: 'replayed',
    });
  });

  it('reads the svix-* headers Clerk sends, never webhook-*', async () => {
    const signed = sign(scheme, { body: BODY }, { now });
    expect(Object.keys(signed.headers).sort()).toEqual([
      'content-type',
      'svix-id',
      'svix-signature',
      'svix-timestamp',
    ]);
    const renamed = Object.fromEntries(
      Object.entries(signed.headers).map(([name, value]) => [
        name.replace('svix-', 'webhook-'),
        value,
      ]),
    );
    await expect(
      verify(scheme, post({ ...signed, headers: renamed }), { now }),
    ).rejects.toMatchObject({ code: 'missing_signature' });
  });
});
