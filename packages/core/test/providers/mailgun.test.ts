import { createHmac } from 'node:crypto';
import { MemoryReplayStore, mailgun, sign, verify, type WebhookRequest } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { accept, post, sha256 } from '../support/replay.js';

describeCatalogPreset('mailgun');

const KEY = 'mg-key';
const NOW = 1_770_920_772_000;
const now = () => NOW;
const scheme = mailgun({ signingKey: KEY });
const TOKEN = 'e0b5477167110d68991efc6b9f89f0a11066af27834600e123';

const hex = (key: string, timestamp: string, token: string) =>
  createHmac('sha256', key).update(`${timestamp}${token}`).digest('hex');

function delivery(
  eventData: Record<string, unknown> = { event: 'delivered', id: 'evt-1' },
  signature: Record<string, unknown> = {
    timestamp: String(NOW / 1000),
    token: TOKEN,
    signature: hex(KEY, String(NOW / 1000), TOKEN),
  },
): WebhookRequest {
  return post({
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ signature, 'event-data': eventData }),
  });
}

describe('Mailgun signature object', () => {
  it('sign writes timestamp, a fresh token and their signature into the body', async () => {
    const signed = sign(scheme, { body: { 'event-data': { event: 'opened' } } }, { now });
    const body = JSON.parse(String(signed.body));
    expect(body.signature.timestamp).toBe(String(NOW / 1000));
    expect(body.signature.token).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.signature.signature).toBe(hex(KEY, body.signature.timestamp, body.signature.token));
    expect(body['event-data']).toEqual({ event: 'opened' });
    await expect(verify(scheme, post(signed), { now })).resolves.toMatchObject({
      payload: body,
      timestamp: NOW,
    });
  });

  it('refuses to sign a body that is not a JSON object', () => {
    expect(() => sign(scheme, { body: '[1]' })).toThrow(
      '[hookguard] mailgun: sign expects a JSON object body (or its text); the signed fields go into it.',
    );
  });

  it("takes the parent account's key for a subaccount's parent-signature", async () => {
    const parent = mailgun({ signingKey: 'parent-key' });
    const request = delivery(undefined, {
      timestamp: String(NOW / 1000),
      token: TOKEN,
      signature: hex('subaccount-key', String(NOW / 1000), TOKEN),
      'parent-signature': hex('parent-key', String(NOW / 1000), TOKEN),
    });
    await expect(verify(parent, request, { now })).resolves.toBeDefined();
    await expect(verify(scheme, request, { now })).rejects.toMatchObject({
      code: 'invalid_signature',
      message: expect.stringContaining(
        'each of the signature.signature and signature.parent-signature fields of the body does not match',
      ),
    });
  });

  it('refuses a non-JSON body as malformed_request, and a body without its signature as missing_signature', async () => {
    await expect(
      verify(scheme, post({ headers: { 'content-type': 'application/json' }, body: 'x' }), { now }),
    ).rejects.toMatchObject({ code: 'malformed_request' });
    await expect(
      verify(
        scheme,
        post({ headers: { 'content-type': 'application/json' }, body: '{"event-data":{}}' }),
        { now },
      ),
    ).rejects.toMatchObject({
      code: 'missing_signature',
      message: '[hookguard] mailgun: the signature.timestamp field of the body is missing.',
    });
  });

  it('refuses a timestamp that is neither a string nor an integer', async () => {
    const request = delivery(undefined, {
      timestamp: NOW / 1000 + 0.5,
      token: TOKEN,
      signature: hex(KEY, String(NOW / 1000), TOKEN),
    });
    await expect(verify(scheme, request, { now })).rejects.toMatchObject({
      code: 'malformed_request',
      message:
        '[hookguard] mailgun: the signature.timestamp field of the body is not a string or an integer.',
    });
  });
});

describe('Mailgun: the body beyond the signature object is not signed', () => {
  it('keys replays on the signed token, so other event data under a captured signature is replayed', async () => {
    const replayStore = new MemoryReplayStore();
    const first = await accept(scheme, delivery(), { now, replayStore });
    expect(first.replayClaim?.key).toBe(`mailgun:id:${sha256(TOKEN)}`);
    const swapped = delivery({ event: 'failed', id: 'evt-2', severity: 'permanent' });
    await expect(verify(scheme, swapped, { now })).resolves.toBeDefined();
    await expect(verify(scheme, swapped, { now, replayStore })).rejects.toMatchObject({
      code: 'replayed',
    });
  });

  it('remembers a token for twice its 9 h window', async () => {
    expect(scheme.tolerance).toBe(32_400);
    expect(scheme.replayTtlSeconds).toBe(64_800);
  });
});

describe("Mailgun's window", () => {
  it('accepts a retry 8 h 05 min after it was signed (Mailgun retries for 8 h) and refuses one 9 h 1 s after', async () => {
    const request = delivery();
    await expect(
      verify(scheme, request, { now: () => NOW + (8 * 60 + 5) * 60_000 }),
    ).resolves.toBeDefined();
    await expect(verify(scheme, request, { now: () => NOW + 32_401_000 })).rejects.toMatchObject({
      code: 'timestamp_out_of_tolerance',
    });
  });
});
