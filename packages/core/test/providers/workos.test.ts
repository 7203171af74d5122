import { MemoryReplayStore, sign, verify, workos } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { accept, post, sha256 } from '../support/replay.js';

describeCatalogPreset('workos');

const NOW = 1_700_000_000_000;
const BODY = '{"id":"event_01","event":"dsync.user.created","data":{"id":"directory_user_01"}}';

describe('WorkOS', () => {
  it('signs t in milliseconds, as WorkOS sends it', () => {
    const signed = sign(workos({ secret: 's' }), { body: BODY }, { now: () => NOW });
    expect(signed.headers['workos-signature']).toMatch(/^t=1700000000000,v1=[0-9a-f]{64}$/);
  });

  it("refuses with timestamp_out_of_tolerance 181 s either way: WorkOS's SDKs' 180 s window, both ways", async () => {
    const scheme = workos({ secret: 's' });
    const request = post(sign(scheme, { body: BODY }, { now: () => NOW }));
    for (const at of [NOW + 180_000, NOW - 180_000])
      await expect(verify(scheme, request, { now: () => at })).resolves.toBeDefined();
    for (const at of [NOW + 181_000, NOW - 181_000])
      await expect(verify(scheme, request, { now: () => at })).rejects.toMatchObject({
        code: 'timestamp_out_of_tolerance',
      });
    expect(scheme.tolerance).toBe(180);
    expect(scheme.replayTtlSeconds).toBe(360);
  });

  it('keys replays on the event id: a retry re-signed with a new t is replayed', async () => {
    const scheme = workos({ secret: 's' });
    const replayStore = new MemoryReplayStore();
    const first = await accept(scheme, post(sign(scheme, { body: BODY }, { now: () => NOW })), {
      now: () => NOW,
      replayStore,
    });
    expect(first.replayClaim?.key).toBe(`workos:id:${sha256('event_01')}`);
    const retry = post(sign(scheme, { body: BODY }, { now: () => NOW + 60_000 }));
    await expect(
      verify(scheme, retry, { now: () => NOW + 60_000, replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });
});
