import { createHmac } from 'node:crypto';
import { MemoryReplayStore, mollie, sign, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { post } from '../support/replay.js';

describeCatalogPreset('mollie');

const SECRET = 'mollie-signing-secret';
const BODY = '{"resource":"event","id":"event_1","type":"payment-link.paid"}';
const hex = createHmac('sha256', SECRET).update(BODY).digest('hex');
const request = (signature: string) =>
  post({
    headers: { 'content-type': 'application/json', 'x-mollie-signature': signature },
    body: BODY,
  });

describe('Mollie', () => {
  it('reads sha256=<hex> and the bare hex as one digest: the second form of a delivery is replayed', async () => {
    const scheme = mollie({ secret: SECRET });
    const replayStore = new MemoryReplayStore();
    const first = await verify(scheme, request(`sha256=${hex}`), { replayStore });
    await first.replayClaim?.commit();
    await expect(verify(scheme, request(hex), { replayStore })).rejects.toMatchObject({
      code: 'replayed',
    });
    await expect(verify(scheme, request(hex.toUpperCase()), { replayStore })).rejects.toMatchObject(
      {
        code: 'replayed',
      },
    );
  });

  it('signs with the sha256= prefix', () => {
    expect(sign(mollie({ secret: SECRET }), { body: BODY }).headers['x-mollie-signature']).toBe(
      `sha256=${hex}`,
    );
  });

  it('says both forms when a signature cannot be read', async () => {
    await expect(verify(mollie({ secret: SECRET }), request('sha256=zz'))).rejects.toMatchObject({
      code: 'invalid_signature',
      message: expect.stringContaining('sha256=<hex> or <hex>'),
    });
  });
});
