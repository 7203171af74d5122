import { createHmac } from 'node:crypto';
import {
  explain,
  formatExplanation,
  MemoryReplayStore,
  sign,
  verify,
  type WebhookRequest,
  zoom,
} from '@hookguard/core';
import { webhookRoute } from '@hookguard/core/adapter';
import { describe, expect, it } from 'vitest';
import { zoomValidationReply } from '../../src/providers/zoom.js';

const NOW = 1_700_000_000_000;
const now = () => NOW;
const SECRET = 'zoom-secret-token';
const scheme = zoom({ secretToken: SECRET });
const EVENT = '{"event":"meeting.started","payload":{"object":{"id":"1"}}}';
const VALIDATION =
  '{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event":"endpoint.url_validation"}';
const post = (signed: {
  headers: Record<string, string>;
  body: string | Uint8Array;
}): WebhookRequest => ({
  method: 'POST',
  url: '/webhooks/zoom',
  headers: signed.headers,
  body: signed.body,
});
const route = webhookRoute(scheme, { now }, ['respond'], 'test');
const hex = (secret: string, text: string) =>
  createHmac('sha256', secret).update(text).digest('hex');

describe('zoom', () => {
  it('accepts an event signed v0=hex HMAC-SHA256 over v0:timestamp:body', async () => {
    const ts = String(NOW / 1000);
    const request = post({
      headers: {
        'content-type': 'application/json',
        'x-zm-request-timestamp': ts,
        'x-zm-signature': `v0=${hex(SECRET, `v0:${ts}:${EVENT}`)}`,
      },
      body: EVENT,
    });
    const verified = await verify(scheme, request, { now });
    expect(verified).toMatchObject({ provider: 'zoom', matchedKey: 0, payload: JSON.parse(EVENT) });
  });

  it('rejects a tampered body, another secret, and missing headers', async () => {
    const signed = sign(scheme, { body: EVENT, timestamp: NOW });
    await expect(
      verify(scheme, post({ ...signed, body: EVENT.replace('"1"', '"2"') }), { now }),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
    await expect(
      verify(zoom({ secretToken: 'other' }), post(signed), { now }),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
    const { 'x-zm-signature': _s, ...noSignature } = signed.headers;
    await expect(
      verify(scheme, post({ ...signed, headers: noSignature }), { now }),
    ).rejects.toMatchObject({ code: 'missing_signature' });
    const { 'x-zm-request-timestamp': _t, ...noTimestamp } = signed.headers;
    await expect(
      verify(scheme, post({ ...signed, headers: noTimestamp }), { now }),
    ).rejects.toMatchObject({ code: 'missing_signature' });
  });

  it('refuses an event 301 s old by default; tolerance widens or disables the window', async () => {
    const old = post(sign(scheme, { body: EVENT, timestamp: NOW - 301_000 }));
    await expect(verify(scheme, old, { now })).rejects.toMatchObject({
      code: 'timestamp_out_of_tolerance',
    });
    await expect(
      verify(zoom({ secretToken: SECRET, tolerance: 600 }), old, { now }),
    ).resolves.toBeDefined();
    await expect(
      verify(zoom({ secretToken: SECRET, tolerance: false }), old, { now }),
    ).resolves.toBeDefined();
  });

  it('answers endpoint.url_validation with plainToken and its hex HMAC, every time, claiming nothing', async () => {
    const request = post(sign(scheme, { body: VALIDATION, timestamp: NOW }));
    const replayStore = new MemoryReplayStore();
    const replayRoute = webhookRoute(scheme, { now, replayStore }, ['respond'], 'test');
    for (const _ of [1, 2]) {
      const outcome = await replayRoute.handle(request);
      expect(outcome).toMatchObject({
        kind: 'handshake',
        handshake: { name: 'zoom.url_validation' },
      });
      if (outcome.kind !== 'handshake') throw new Error('not answered');
      expect(outcome.handshake.reply.status).toBe(200);
      expect(JSON.parse(outcome.handshake.reply.body)).toEqual({
        plainToken: 'qgg8vlvZRS6UYooatFL8Aw',
        encryptedToken: hex(SECRET, 'qgg8vlvZRS6UYooatFL8Aw'),
      });
    }
  });

  it('answers with the key that verified the validation while the secret rolls', async () => {
    const rolling = zoom({ secretToken: ['new-token', SECRET] });
    const outcome = await webhookRoute(rolling, { now }, ['respond'], 'test').handle(
      post(sign(scheme, { body: VALIDATION, timestamp: NOW })),
    );
    expect(
      outcome.kind === 'handshake' && JSON.parse(outcome.handshake.reply.body).encryptedToken,
    ).toBe(hex(SECRET, 'qgg8vlvZRS6UYooatFL8Aw'));
  });

  it('refuses a forged validation as any forged event, and a plainToken that is not a token', async () => {
    const signed = sign(scheme, { body: VALIDATION, timestamp: NOW });
    await expect(
      route.handle(post({ ...signed, body: VALIDATION.replace('qgg', 'xgg') })),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
    const markup = '{"payload":{"plainToken":"<b>x</b>"},"event":"endpoint.url_validation"}';
    await expect(
      route.handle(post(sign(scheme, { body: markup, timestamp: NOW }))),
    ).rejects.toMatchObject({ code: 'malformed_request' });
    const missing = '{"payload":{},"event":"endpoint.url_validation"}';
    await expect(
      route.handle(post(sign(scheme, { body: missing, timestamp: NOW }))),
    ).rejects.toMatchObject({ code: 'malformed_request' });
  });

  it('keeps replays twice the tolerance by default, or replayTtl', () => {
    expect(scheme.replayTtlSeconds).toBe(600);
    expect(zoom({ secretToken: SECRET, replayTtl: 900 }).replayTtlSeconds).toBe(900);
  });

  it('hands a real event to the handler', async () => {
    const outcome = await route.handle(post(sign(scheme, { body: EVENT, timestamp: NOW })));
    expect(outcome).toMatchObject({ kind: 'webhook', webhook: { payload: JSON.parse(EVENT) } });
  });

  it('cannot answer without a key (a scheme with no shared secret)', () => {
    const request = {
      provider: 'x',
      method: 'POST',
      query: () => undefined,
      header: () => undefined,
      formField: () => undefined,
      hmac: () => undefined,
    };
    expect(() => zoomValidationReply({ payload: { plainToken: 'abc' } }, request)).toThrow(
      TypeError,
    );
  });

  it('explain names the handshake and its answer, never the secret', () => {
    const explanation = explain(scheme, post(sign(scheme, { body: VALIDATION, timestamp: NOW })), {
      now,
    });
    expect(explanation.handshake).toMatchObject({ name: 'zoom.url_validation', signed: true });
    const text = formatExplanation(explanation);
    expect(text).toContain('handshake: zoom.url_validation, signed');
    expect(`${text}${JSON.stringify(explanation)}`).not.toContain(SECRET);
  });
});
