import { intercom, sign, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { post } from '../support/replay.js';

describeCatalogPreset('intercom');

const scheme = intercom({ clientSecret: 'ic-secret' });

describe('Intercom', () => {
  it('signs sha1=<40 hex digits>: HMAC-SHA1 under the client secret', () => {
    const signed = sign(scheme, { body: '{"topic":"conversation.user.created"}' });
    expect(signed.headers['x-hub-signature']).toMatch(/^sha1=[0-9a-f]{40}$/);
  });

  it('hands the ping sent when a webhook is saved to the handler: it is signed like any notification', async () => {
    const body =
      '{"type":"notification_event","topic":"ping","id":null,"data":{"item":{"type":"ping"}}}';
    const verified = await verify(scheme, post(sign(scheme, { body })));
    expect(verified.payload).toMatchObject({ topic: 'ping' });
  });

  it('is not timestamped: a notification created a year ago still verifies once', async () => {
    expect(scheme.tolerance).toBe(false);
    expect(scheme.replayTtlSeconds).toBe(86_400);
    const body = '{"topic":"contact.user.created","created_at":1668464000}';
    await expect(verify(scheme, post(sign(scheme, { body })))).resolves.toBeDefined();
  });
});
