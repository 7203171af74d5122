import { createHmac } from 'node:crypto';
import { MemoryReplayStore, mercadoPago, sign, verify, type WebhookRequest } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { accept } from '../support/replay.js';

describeCatalogPreset('mercado-pago');

const SECRET = 'mp-secret';
const NOW = 1_742_505_638_000;
const TS = String(NOW / 1000);
const now = () => NOW;
const scheme = mercadoPago({ secret: SECRET });
const BODY = '{"action":"payment.updated","data":{"id":"105893479561"},"type":"payment"}';

const manifest = (dataId: string, requestId = 'req-1', ts = TS) =>
  `id:${dataId};request-id:${requestId};ts:${ts};`;
const v1 = (text: string) => createHmac('sha256', SECRET).update(text).digest('hex');

function notification(dataId: string, signedId = dataId, body = BODY): WebhookRequest {
  return {
    method: 'POST',
    url: `/webhooks/mercado-pago?data.id=${dataId}&type=payment`,
    headers: {
      'content-type': 'application/json',
      'x-request-id': 'req-1',
      'x-signature': `ts=${TS},v1=${v1(manifest(signedId))}`,
    },
    body,
  };
}

describe('Mercado Pago manifest', () => {
  it('signs id:<data.id>;request-id:<x-request-id>;ts:<ts>; from the query, the header and ts', async () => {
    const signed = sign(
      scheme,
      {
        url: '/webhooks/mercado-pago?data.id=105893479561&type=payment',
        headers: { 'x-request-id': 'req-1' },
        body: BODY,
      },
      { now },
    );
    expect(signed.headers['x-signature']).toBe(`ts=${TS},v1=${v1(manifest('105893479561'))}`);
    expect(signed.url).toBe('/webhooks/mercado-pago?data.id=105893479561&type=payment');
    await expect(verify(scheme, notification('105893479561'), { now })).resolves.toMatchObject({
      payload: JSON.parse(BODY),
      timestamp: NOW,
    });
  });

  it('gives sign a data.id and an x-request-id when it is told neither, and says where it sent them', async () => {
    const signed = sign(scheme, { url: '/webhooks/mercado-pago', body: BODY }, { now });
    expect(signed.url).toMatch(/^\/webhooks\/mercado-pago\?data\.id=[0-9a-f-]{36}$/);
    expect(signed.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    await expect(
      verify(scheme, { method: 'POST', url: signed.url as string, ...signed }, { now }),
    ).resolves.toBeDefined();
  });

  it('decodes data.id as a form value, so an escaped id is signed decoded', async () => {
    const request = notification('ORD%2D1', 'ORD-1');
    await expect(verify(scheme, request, { now })).resolves.toBeDefined();
  });

  it('does not sign the body: another body under the same signature is accepted, then replayed', async () => {
    const replayStore = new MemoryReplayStore();
    await accept(scheme, notification('105893479561'), { now, replayStore });
    const swapped = notification(
      '105893479561',
      '105893479561',
      BODY.replace('updated', 'created'),
    );
    await expect(verify(scheme, swapped, { now })).resolves.toBeDefined();
    await expect(verify(scheme, swapped, { now, replayStore })).rejects.toMatchObject({
      code: 'replayed',
    });
  });

  it('keys replays on the signed manifest, so unsigned headers change nothing', async () => {
    const replayStore = new MemoryReplayStore();
    const first = await accept(scheme, notification('105893479561'), { now, replayStore });
    expect(first.replayClaim?.key).toMatch(/^mercado-pago:msg:/);
    const resent = notification('105893479561');
    await expect(
      verify(
        scheme,
        { ...resent, headers: { ...resent.headers, 'user-agent': 'MercadoPago Feed v2.0' } },
        { now, replayStore },
      ),
    ).rejects.toMatchObject({ code: 'replayed' });
  });
});

describe("Mercado Pago's data.id casing", () => {
  const ORDER = 'ORD01JQ4S4KY8HWQ6NA5PXB65B3D3';

  it('checks an alphanumeric id as sent by default, as the SDKs do', async () => {
    await expect(verify(scheme, notification(ORDER), { now })).resolves.toBeDefined();
    await expect(
      verify(scheme, notification(ORDER, ORDER.toLowerCase()), { now }),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it("lower-cases it with dataIdCase: 'lowercase', as the Orders pages say, and leaves other ids as sent", async () => {
    const lower = mercadoPago({ secret: SECRET, dataIdCase: 'lowercase' });
    await expect(
      verify(lower, notification(ORDER, ORDER.toLowerCase()), { now }),
    ).resolves.toBeDefined();
    await expect(verify(lower, notification('ORD-1', 'ORD-1'), { now })).resolves.toBeDefined();
    const signed = sign(
      lower,
      { url: `/?data.id=${ORDER}`, headers: { 'x-request-id': 'req-1' } },
      {
        now,
      },
    );
    expect(signed.headers['x-signature']).toBe(`ts=${TS},v1=${v1(manifest(ORDER.toLowerCase()))}`);
  });

  it('refuses another dataIdCase with a TypeError', () => {
    expect(() => mercadoPago({ secret: SECRET, dataIdCase: 'upper' as never })).toThrow(
      "[hookguard] mercado-pago: dataIdCase must be 'as-sent' or 'lowercase'.",
    );
  });
});

describe('Mercado Pago refusals', () => {
  it('requires data.id in the query, saying so', async () => {
    const request = notification('105893479561');
    await expect(
      verify(scheme, { ...request, url: '/webhooks/mercado-pago?type=payment' }, { now }),
    ).rejects.toMatchObject({
      code: 'missing_signature',
      message: expect.stringContaining('the data.id query parameter of the URL is missing'),
    });
  });

  it('refuses data.id given twice as malformed_request', async () => {
    const request = notification('105893479561');
    await expect(
      verify(scheme, { ...request, url: `${request.url}&data.id=1` }, { now }),
    ).rejects.toMatchObject({ code: 'malformed_request' });
  });

  it('reads ts as seconds: milliseconds are far in the future', async () => {
    const ms = String(NOW);
    const request: WebhookRequest = {
      ...notification('1'),
      headers: {
        'content-type': 'application/json',
        'x-request-id': 'req-1',
        'x-signature': `ts=${ms},v1=${v1(manifest('1', 'req-1', ms))}`,
      },
    };
    await expect(verify(scheme, request, { now })).rejects.toMatchObject({
      code: 'timestamp_out_of_tolerance',
    });
  });
});
