import { createHash, createHmac } from 'node:crypto';
import { MemoryReplayStore, polar, sign, verify, type WebhookRequest } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { accept, post, sha256 } from '../support/replay.js';

describeCatalogPreset('polar');

const NOW = 1_700_000_000_000;
const now = () => NOW;
const BODY = '{"type":"order.paid","data":{"total_amount":100}}';
const KEY = createHash('sha256').update('polar test key').digest();
/** Secrets of each shape Polar has handed out. */
const NEW_SHAPE = `whsec_${KEY.toString('base64')}`;
const LEGACY_SHAPE = `whsec_${KEY.toString('base64url')}`;

/** A request Polar signs with `key`, as its server does, through node:crypto. */
function polarRequest(key: Buffer | string, id = 'msg_1'): WebhookRequest {
  const t = String(NOW / 1000);
  const v1 = createHmac('sha256', key).update(`${id}.${t}.${BODY}`).digest('base64');
  return post({
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': t,
      'webhook-signature': `v1,${v1}`,
    },
    body: BODY,
  });
}
const answer = (secret: string, request: WebhookRequest, options = {}) =>
  verify(polar({ secret, ...options }), request, { now }).then(
    () => 'accepted',
    (error: { code: string }) => error.code,
  );

describe('Polar secrets', () => {
  it('reads a secret of the new shape (whsec_ and the base64 of 32 bytes) as Standard Webhooks', async () => {
    expect(await answer(NEW_SHAPE, polarRequest(KEY))).toBe('accepted');
    expect(await answer(NEW_SHAPE, polarRequest(NEW_SHAPE))).toBe('invalid_signature');
  });

  it('reads a legacy secret, and any typed one, as its UTF-8 bytes', async () => {
    for (const secret of [LEGACY_SHAPE, 'my polar secret', 'whsec_AAAA', `${NEW_SHAPE} `]) {
      expect(await answer(secret, polarRequest(secret)), secret).toBe('accepted');
    }
  });

  it('never decodes a secret that would make a short key, even one that is valid base64', async () => {
    // `whsec_AAAA` decodes to three zero bytes: a key anyone can guess.
    expect(await answer('whsec_AAAA', polarRequest(Buffer.alloc(3)))).toBe('invalid_signature');
  });

  it('follows secretEncoding where the shape would mislead', async () => {
    expect(await answer(NEW_SHAPE, polarRequest(NEW_SHAPE), { secretEncoding: 'utf8' })).toBe(
      'accepted',
    );
    const shortKey = `whsec_${Buffer.from('short').toString('base64')}`;
    expect(
      await answer(shortKey, polarRequest(Buffer.from('short')), {
        secretEncoding: 'whsec-base64',
      }),
    ).toBe('accepted');
  });

  it('refuses at configuration an unknown secretEncoding, and a whsec-base64 secret that is not base64', () => {
    expect(() => polar({ secret: NEW_SHAPE, secretEncoding: 'base64' as never })).toThrow(
      "[hookguard] polar: secretEncoding must be 'auto', 'utf8' (legacy signing) or 'whsec-base64' (Standard Webhooks).",
    );
    expect(() => polar({ secret: 'whsec_not base64!', secretEncoding: 'whsec-base64' })).toThrow(
      TypeError,
    );
  });

  it('keeps the whitespace hint for a legacy secret pasted with a newline', async () => {
    const error = await verify(polar({ secret: 'whsec_typed\n' }), polarRequest('whsec_typed'), {
      now,
    }).catch((e: Error) => e);
    expect(String((error as Error).message)).toContain('has leading or trailing whitespace');
  });
});

describe('Polar replay keys', () => {
  it("keys replays on the signed webhook-id: Polar's retry, signed again, is replayed", async () => {
    const scheme = polar({ secret: NEW_SHAPE });
    const replayStore = new MemoryReplayStore();
    const send = (at: number) =>
      post(sign(scheme, { body: BODY, headers: { 'webhook-id': 'msg_9' } }, { now: () => at }));
    const first = await accept(scheme, send(NOW), { now, replayStore });
    expect(first.replayClaim?.key).toBe(`polar:id:${sha256('msg_9')}`);
    await expect(verify(scheme, send(NOW + 60_000), { now, replayStore })).rejects.toMatchObject({
      code: 'replayed',
    });
  });
});
