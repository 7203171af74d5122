import { createHash } from 'node:crypto';
import {
  explain,
  formatExplanation,
  MemoryReplayStore,
  midtrans,
  sign,
  verify,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { post } from '../support/replay.js';

describeCatalogPreset('midtrans');

const SERVER_KEY = 'askvnoibnosifnboseofinbofinfgbiufglnbfg';
const scheme = midtrans({ serverKey: SERVER_KEY });
const FIELDS = { order_id: '1111', status_code: '200', gross_amount: '100000.00' };
const notification = (extra: Record<string, unknown>) => {
  const signed = sign(scheme, { body: { ...FIELDS, ...extra } });
  return post(signed);
};

describe('Midtrans', () => {
  it("signs Midtrans's documented example: SHA512(order_id + status_code + gross_amount + server key)", () => {
    const body = JSON.parse(String(sign(scheme, { body: FIELDS }).body));
    expect(body.signature_key).toBe(
      createHash('sha512').update(`1111200100000.00${SERVER_KEY}`).digest('hex'),
    );
  });

  it('keys replays on the hashed fields: capture then settlement (both 200) is one delivery', async () => {
    const replayStore = new MemoryReplayStore();
    const capture = await verify(scheme, notification({ transaction_status: 'capture' }), {
      replayStore,
    });
    expect(capture.replayClaim?.key).toMatch(/^midtrans:msg:/);
    await capture.replayClaim?.commit();
    await expect(
      verify(scheme, notification({ transaction_status: 'settlement' }), { replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
    // A short replayTtl is the way out where both notifications matter.
    expect(midtrans({ serverKey: SERVER_KEY, replayTtl: 60 }).replayTtlSeconds).toBe(60);
  });

  it('refuses a field the hash covers that is not a JSON string, naming it', async () => {
    const request = notification({});
    const body = String(request.body).replace('"status_code":"200"', '"status_code":200');
    await expect(verify(scheme, { ...request, body })).rejects.toMatchObject({
      code: 'malformed_request',
      message: expect.stringContaining('status_code'),
    });
  });

  it('never shows the server key, and labels the hash as no HMAC', () => {
    const explained = explain(scheme, notification({}));
    const text = `${formatExplanation(explained)}${JSON.stringify(explained)}`;
    expect(explained.algorithm).toBe('SHA-512 of the fields and the salt (no HMAC)');
    expect(text).not.toContain(SERVER_KEY);
    expect(explained.verdict).toMatchObject({ ok: true });
  });
});
