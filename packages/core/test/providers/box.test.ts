import { createHmac } from 'node:crypto';
import { box, MemoryReplayStore, sign, verify, type WebhookRequest } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { accept } from '../support/replay.js';

describeCatalogPreset('box');

const PRIMARY = 'box-primary';
const SECONDARY = 'box-secondary';
const DELIVERED = '2023-11-14T14:13:20-08:00';
const NOW = Date.parse(DELIVERED);
const now = () => NOW;
const BODY =
  '{"type":"webhook_event","id":"evt-1","trigger":"FILE.UPLOADED","source":{"size":100}}';
const both = box({ primaryKey: PRIMARY, secondaryKey: SECONDARY });

const base64 = (key: string, body = BODY, timestamp = DELIVERED) =>
  createHmac('sha256', key).update(body).update(timestamp).digest('base64');

function delivery(
  signatures: Record<string, string>,
  extra: Record<string, string> = {},
): WebhookRequest {
  return {
    method: 'POST',
    url: '/webhooks/box',
    headers: {
      'content-type': 'application/json',
      'box-delivery-id': 'delivery-1',
      'box-delivery-timestamp': DELIVERED,
      'box-signature-version': '1',
      'box-signature-algorithm': 'HmacSHA256',
      ...signatures,
      ...extra,
    },
    body: BODY,
  };
}

describe('Box primary and secondary signatures', () => {
  it('signs the body then the delivery timestamp, once per configured key, with the version and algorithm headers', async () => {
    const signed = sign(both, { body: BODY, timestamp: NOW });
    const timestamp = new Date(NOW).toISOString();
    expect(signed.headers).toMatchObject({
      'box-delivery-timestamp': timestamp,
      'box-signature-primary': base64(PRIMARY, BODY, timestamp),
      'box-signature-secondary': base64(SECONDARY, BODY, timestamp),
      'box-signature-version': '1',
      'box-signature-algorithm': 'HmacSHA256',
    });
    await expect(
      verify(both, { method: 'POST', url: '/', ...signed }, { now }),
    ).resolves.toMatchObject({
      matchedKey: 0,
    });
  });

  it('checks each header with its own key only', async () => {
    await expect(
      verify(both, delivery({ 'box-signature-secondary': base64(SECONDARY) }), { now }),
    ).resolves.toMatchObject({ matchedKey: 1 });
    for (const swapped of [
      { 'box-signature-primary': base64(SECONDARY) },
      { 'box-signature-secondary': base64(PRIMARY) },
      { 'box-signature-primary': base64(SECONDARY), 'box-signature-secondary': base64(PRIMARY) },
    ])
      await expect(
        verify(both, delivery(swapped), { now }),
        JSON.stringify(swapped),
      ).rejects.toMatchObject({
        code: 'invalid_signature',
      });
  });

  it('reads no secondary header without a secondary key', async () => {
    const primaryOnly = box({ primaryKey: PRIMARY });
    await expect(
      verify(primaryOnly, delivery({ 'box-signature-secondary': base64(SECONDARY) }), { now }),
    ).rejects.toMatchObject({
      code: 'missing_signature',
      message: '[hookguard] box: the box-signature-primary header is missing.',
    });
  });

  it('keys replays on the signed body and timestamp: dropping the primary header does not make a new delivery', async () => {
    const replayStore = new MemoryReplayStore();
    const first = await accept(
      both,
      delivery({
        'box-signature-primary': base64(PRIMARY),
        'box-signature-secondary': base64(SECONDARY),
      }),
      { now, replayStore },
    );
    expect(first.replayClaim?.key).toMatch(/^box:msg:/);
    await expect(
      verify(
        both,
        delivery(
          { 'box-signature-secondary': base64(SECONDARY) },
          { 'box-delivery-id': 'delivery-2' },
        ),
        {
          now,
          replayStore,
        },
      ),
    ).rejects.toMatchObject({ code: 'replayed' });
  });
});

describe('Box signature version and algorithm', () => {
  it.each([
    ['box-signature-version', '2'],
    ['box-signature-algorithm', 'HmacSHA512'],
  ])('refuses %s %s as invalid_signature, naming what Box signs with', async (header, value) => {
    await expect(
      verify(both, delivery({ 'box-signature-primary': base64(PRIMARY) }, { [header]: value }), {
        now,
      }),
    ).rejects.toMatchObject({
      code: 'invalid_signature',
      message: expect.stringContaining(`the ${header} header is "${value}"`),
    });
  });
});

describe("Box's window", () => {
  it('is 600 s each way, the SDKs’ ten minutes', async () => {
    const request = delivery({ 'box-signature-primary': base64(PRIMARY) });
    await expect(verify(both, request, { now: () => NOW + 600_000 })).resolves.toBeDefined();
    await expect(verify(both, request, { now: () => NOW + 601_000 })).rejects.toMatchObject({
      code: 'timestamp_out_of_tolerance',
    });
    await expect(verify(both, request, { now: () => NOW - 601_000 })).rejects.toMatchObject({
      code: 'timestamp_out_of_tolerance',
    });
  });
});

describe('Box keys', () => {
  it('refuses a missing primary key and an empty secondary key by their own names', () => {
    expect(() => box({} as never)).toThrow(
      '[hookguard] box: primaryKey must be a non-empty string.',
    );
    expect(() => box({ primaryKey: PRIMARY, secondaryKey: '' })).toThrow(
      '[hookguard] box: secondaryKey must be a non-empty string.',
    );
  });
});
