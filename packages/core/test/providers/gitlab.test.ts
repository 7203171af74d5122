import { gitlab, MemoryReplayStore, sign, verify, type WebhookRequest } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { accept, post, sha256 } from '../support/replay.js';

describeCatalogPreset('gitlab');
describeCatalogPreset('gitlab.signed');

const NOW = 1_700_000_000_000;
const now = () => NOW;
const BODY = '{"object_kind":"push","project_id":100,"total_commits_count":1}';
const SIGNING_TOKEN = `whsec_${Buffer.from('gitlab-test-signing-token-32byte').toString('base64')}`;
/** The headers GitLab sends beside its token or signature; none of them is covered. */
const unsigned = (tag: string) => ({
  'x-gitlab-event': 'Push Hook',
  'x-gitlab-event-uuid': `event-${tag}`,
  'x-gitlab-webhook-uuid': `webhook-${tag}`,
  'idempotency-key': `idempotency-${tag}`,
});
const withHeaders = (request: WebhookRequest, headers: Record<string, string>) => ({
  ...request,
  headers: { ...(request.headers as Record<string, string>), ...headers },
});

describe('GitLab with a secret token', () => {
  const scheme = gitlab({ secretToken: 'gl-token' });

  it('reads X-Gitlab-Token, and never a Standard Webhooks signature in its place', async () => {
    await expect(verify(scheme, post(sign(scheme, { body: BODY })))).resolves.toMatchObject({
      provider: 'gitlab',
    });
    const signedOnly = post(sign(gitlab.signed({ signingToken: SIGNING_TOKEN }), { body: BODY }));
    await expect(verify(scheme, signedOnly)).rejects.toMatchObject({ code: 'missing_signature' });
  });

  it('refuses a re-send with fresh Idempotency-Key and event UUIDs as replayed: none of them is covered', async () => {
    const replayStore = new MemoryReplayStore();
    const request = post(sign(scheme, { body: BODY, headers: unsigned('1') }));
    const first = await accept(scheme, request, { replayStore });
    expect(first.replayClaim?.key).toBe(`gitlab:body:${sha256(BODY)}`);
    await expect(
      verify(scheme, withHeaders(request, unsigned('2')), { replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });

  it('names the option in configuration errors', () => {
    expect(() => gitlab({ secretToken: [] })).toThrow(
      '[hookguard] gitlab: secretToken is required (a string, or a non-empty list while rotating).',
    );
  });
});

describe('GitLab with a signing token', () => {
  const scheme = gitlab.signed({ signingToken: SIGNING_TOKEN });

  it('keys replays on the signed webhook-id: a retry signed again, with new event UUIDs, is replayed', async () => {
    const replayStore = new MemoryReplayStore();
    const send = (at: number, tag: string) =>
      post(
        sign(
          scheme,
          { body: BODY, headers: { 'webhook-id': 'delivery-1', ...unsigned(tag) } },
          { now: () => at },
        ),
      );
    const first = await accept(scheme, send(NOW, '1'), { now, replayStore });
    expect(first.replayClaim?.key).toBe(`gitlab.signed:id:${sha256('delivery-1')}`);
    await expect(
      verify(scheme, send(NOW + 30_000, '2'), { now, replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });

  it('refuses a request carrying only X-Gitlab-Token: the route was set up for signatures', async () => {
    const tokenOnly = post(sign(gitlab({ secretToken: 'gl-token' }), { body: BODY }));
    await expect(verify(scheme, tokenOnly, { now })).rejects.toMatchObject({
      code: 'missing_signature',
    });
  });

  it('refuses at configuration a missing token and one that is not whsec_ base64', () => {
    expect(() => gitlab.signed({} as never)).toThrow(
      '[hookguard] gitlab.signed: signingToken is required (whsec_…, or a list while rotating).',
    );
    expect(() => gitlab.signed({ signingToken: 'whsec_not base64!' })).toThrow(TypeError);
  });
});
