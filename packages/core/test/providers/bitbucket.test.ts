import { bitbucket, MemoryReplayStore, sign, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { accept, itIgnoresUnsignedHeadersForReplay, post } from '../support/replay.js';

describeCatalogPreset('bitbucket');

const scheme = bitbucket({ secret: 'bb-secret' });
const BODY =
  '{"pullrequest":{"id":1,"title":"Fix","state":"OPEN"},"repository":{"full_name":"t/r"}}';
const HEADERS = {
  'x-event-key': 'pullrequest:created',
  'x-hook-uuid': 'hook-1',
  'x-request-uuid': 'request-1',
  'x-attempt-number': '1',
};

describe('Bitbucket', () => {
  it('signs sha256=<hex> in X-Hub-Signature, the name GitHub used for SHA-1', () => {
    const signed = sign(scheme, { body: BODY });
    expect(signed.headers['x-hub-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signed.headers).not.toHaveProperty('x-hub-signature-256');
  });

  it('does not sign X-Event-Key: the same body under another event key is replayed', async () => {
    const replayStore = new MemoryReplayStore();
    const signed = sign(scheme, { body: BODY, headers: HEADERS });
    await accept(scheme, post(signed), { replayStore });
    const relabelled = post({
      ...signed,
      headers: { ...signed.headers, 'x-event-key': 'pullrequest:fulfilled' },
    });
    await expect(verify(scheme, relabelled, { replayStore })).rejects.toMatchObject({
      code: 'replayed',
    });
  });
});

describe('replay keys come only from what the signature covers', () => {
  itIgnoresUnsignedHeadersForReplay([
    [
      'bitbucket (X-Event-Key, X-Hook-UUID, X-Request-UUID, X-Attempt-Number unsigned)',
      scheme,
      post(sign(scheme, { body: BODY, headers: HEADERS })),
      Object.keys(HEADERS),
    ],
  ]);
});
