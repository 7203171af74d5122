import { MemoryReplayStore, sign, slack, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { accept, post, sha256 } from '../support/replay.js';

describeCatalogPreset('slack');

describe('Slack replay keys', () => {
  it('keys Slack events on event_id across re-signed retries, and other requests on the digest', async () => {
    const scheme = slack({ signingSecret: 's' });
    const now = () => 1_700_000_000_000;
    const replayStore = new MemoryReplayStore();
    const event = '{"type":"event_callback","event_id":"Ev123"}';
    const first = await accept(scheme, post(sign(scheme, { body: event, timestamp: now() })), {
      now,
      replayStore,
    });
    expect(first.replayClaim?.key).toBe(`slack:id:${sha256('Ev123')}`);
    const retry = sign(scheme, { body: event, timestamp: now() + 3_000 });
    await expect(verify(scheme, post(retry), { now, replayStore })).rejects.toMatchObject({
      code: 'replayed',
    });
    const command = sign(slack({ signingSecret: 's' }), {
      body: 'command=%2Fhi&text=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      timestamp: now(),
    });
    const verified = await verify(scheme, post(command), { now, replayStore });
    expect(verified.replayClaim?.key).toMatch(/^slack:sig:[A-Za-z0-9_-]{43}$/);
  });
});
