import { createHmac } from 'node:crypto';
import { airwallex, MemoryReplayStore, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { post, sha256 } from '../support/replay.js';

describeCatalogPreset('airwallex');

const SECRET = 'whsec_airwallex_test';
const NOW = 1_700_000_000_000;
const BODY =
  '{"id":"evt_awx_1","name":"payment_intent.succeeded","data":{"object":{"amount":100}}}';
const request = (ts: number, body = BODY) =>
  post({
    headers: {
      'content-type': 'application/json',
      'x-timestamp': String(ts),
      'x-signature': createHmac('sha256', SECRET).update(`${ts}${body}`).digest('hex'),
    },
    body,
  });

describe('Airwallex', () => {
  it('keys replays on the event id, which Airwallex keeps across retries: a re-signed retry is replayed', async () => {
    const scheme = airwallex({ secret: SECRET });
    const replayStore = new MemoryReplayStore();
    const first = await verify(scheme, request(NOW), { now: () => NOW, replayStore });
    expect(first.replayClaim?.key).toBe(`airwallex:id:${sha256('evt_awx_1')}`);
    await first.replayClaim?.commit();
    await expect(
      verify(scheme, request(NOW + 60_000), { now: () => NOW + 60_000, replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });

  it('takes the timestamp as epoch milliseconds, signed right before the body', async () => {
    const scheme = airwallex({ secret: SECRET, tolerance: 10 });
    await expect(verify(scheme, request(NOW), { now: () => NOW + 9_000 })).resolves.toBeDefined();
    await expect(verify(scheme, request(NOW), { now: () => NOW + 11_000 })).rejects.toMatchObject({
      code: 'timestamp_out_of_tolerance',
    });
  });
});
