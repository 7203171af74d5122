import { MemoryReplayStore, sign, standardWebhooks, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { accept, post, sha256 } from '../support/replay.js';

// Standard Webhooks and Svix: one scheme, under webhook-* and svix-* header names.

describeCatalogPreset('standard-webhooks');
describeCatalogPreset('svix');

describe('Standard Webhooks replay keys', () => {
  it('keys Standard Webhooks on the signed webhook-id: a re-signed retry is the same delivery', async () => {
    const scheme = standardWebhooks({ secret: 'whsec_c2VjcmV0' });
    const now = () => 1_700_000_000_000;
    const replayStore = new MemoryReplayStore();
    const send = (t: number) =>
      post(sign(scheme, { body: '{"n":1}', headers: { 'webhook-id': 'msg_1' }, timestamp: t }));
    const first = await accept(scheme, send(now()), { now, replayStore });
    expect(first.replayClaim?.key).toBe(`standard-webhooks:id:${sha256('msg_1')}`);
    await expect(verify(scheme, send(now() + 5_000), { now, replayStore })).rejects.toMatchObject({
      code: 'replayed',
    });
  });
});
