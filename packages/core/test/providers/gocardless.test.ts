import { gocardless, sign, standardWebhooks, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { itIgnoresUnsignedHeadersForReplay, post } from '../support/replay.js';

describeCatalogPreset('gocardless');

const BODY = '{"events":[{"id":"EV1","action":"confirmed"}],"meta":{"webhook_id":"WB1"}}';

describe('GoCardless', () => {
  it("shares Standard Webhooks' header name, not its format: a Standard Webhooks signature is refused", async () => {
    const secret = `whsec_${Buffer.from('gocardless-or-standard').toString('base64')}`;
    const standard = sign(standardWebhooks({ secret }), { body: BODY });
    await expect(verify(gocardless({ secret }), post(standard))).rejects.toMatchObject({
      code: 'invalid_signature',
    });
    const ours = sign(gocardless({ secret }), { body: BODY });
    expect(ours.headers['webhook-signature']).toMatch(/^[0-9a-f]{64}$/);
    await expect(verify(standardWebhooks({ secret }), post(ours))).rejects.toMatchObject({
      code: 'missing_signature',
    });
  });

  it('hands over the whole body: every event, and the meta', async () => {
    const verified = await verify(
      gocardless({ secret: 's' }),
      post(sign(gocardless({ secret: 's' }), { body: BODY })),
    );
    expect(verified.payload).toEqual(JSON.parse(BODY));
  });
});

describe('replay keys come only from what the signature covers', () => {
  itIgnoresUnsignedHeadersForReplay([
    [
      'gocardless (Origin and User-Agent unsigned)',
      gocardless({ secret: 's' }),
      post(
        sign(gocardless({ secret: 's' }), {
          body: BODY,
          headers: {
            origin: 'https://api.gocardless.com',
            'user-agent': 'gocardless-webhook-service/1.1',
          },
        }),
      ),
      ['origin', 'user-agent'],
    ],
  ]);
});
