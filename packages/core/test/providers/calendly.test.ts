import { calendly, sign, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { post } from '../support/replay.js';

describeCatalogPreset('calendly');

const NOW = 1_700_000_000_000;
const BODY = '{"event":"invitee.created","payload":{"email":"test@example.com"}}';

describe('Calendly', () => {
  it('signs t in seconds, then one v1, as Calendly sends them', () => {
    const signed = sign(calendly({ signingKey: 'k' }), { body: BODY }, { now: () => NOW });
    expect(signed.headers['calendly-webhook-signature']).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
  });

  it("refuses with timestamp_out_of_tolerance 181 s either way: Calendly's three-minute window, both ways", async () => {
    const scheme = calendly({ signingKey: 'k' });
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

  it('reads a repeated t as malformed_request rather than choosing one', async () => {
    const scheme = calendly({ signingKey: 'k' });
    const signed = sign(scheme, { body: BODY }, { now: () => NOW });
    const header = signed.headers['calendly-webhook-signature'] as string;
    const doubled = { ...signed.headers, 'calendly-webhook-signature': `t=1699999999,${header}` };
    await expect(
      verify(scheme, post({ ...signed, headers: doubled }), { now: () => NOW }),
    ).rejects.toMatchObject({ code: 'malformed_request' });
  });
});
