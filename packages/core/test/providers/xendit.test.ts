import { MemoryReplayStore, sign, verify, xendit } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { accept, post, sha256 } from '../support/replay.js';

describeCatalogPreset('xendit');

const scheme = xendit({ callbackToken: 'xnd-token' });
const BODY = '{"id":"inv_1","external_id":"order-1","status":"PAID","amount":100}';

describe('Xendit', () => {
  it("refuses a re-send under a fresh webhook-id as replayed: Xendit's id is covered by nothing", async () => {
    const replayStore = new MemoryReplayStore();
    const send = (id: string, body = BODY) =>
      post(sign(scheme, { body, headers: { 'webhook-id': id } }));
    const first = await accept(scheme, send('whk_1'), { replayStore });
    expect(first.replayClaim?.key).toBe(`xendit:body:${sha256(BODY)}`);
    await expect(verify(scheme, send('whk_2'), { replayStore })).rejects.toMatchObject({
      code: 'replayed',
    });
    // And the same id on another body is another delivery: the id decides nothing.
    await expect(
      verify(scheme, send('whk_1', BODY.replace('PAID', 'EXPIRED')), { replayStore }),
    ).resolves.toBeDefined();
  });

  it('names the option in configuration errors', () => {
    expect(() => xendit({ callbackToken: [''] })).toThrow(
      '[hookguard] xendit: callbackToken[0] must be a non-empty string.',
    );
  });
});
