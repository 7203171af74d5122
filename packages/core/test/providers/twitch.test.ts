import { createHmac } from 'node:crypto';
import {
  explain,
  formatExplanation,
  MemoryReplayStore,
  sign,
  twitch,
  verify,
  type WebhookRequest,
} from '@hookguard/core';
import { webhookRoute } from '@hookguard/core/adapter';
import { describe, expect, it } from 'vitest';
import { accept, sha256 } from '../support/replay.js';

const SECRET = 's3cRe7-twitch';
// Twitch's documented example: nanoseconds, as sent.
const TS = '2019-11-16T10:11:12.634234626Z';
const TS_MS = Date.parse('2019-11-16T10:11:12.634Z');
const now = () => TS_MS + 1_000;
const ID = 'e76c6bd4-55c9-4987-8304-da1588d8988b';
const scheme = twitch({ secret: SECRET });
const NOTIFICATION = '{"subscription":{"type":"channel.follow"},"event":{"user_id":"1337"}}';
const CHALLENGE =
  '{"challenge":"pogchamp-kappa-360noscope-vohiyo","subscription":{"status":"webhook_callback_verification_pending"}}';

function delivery(
  body: string,
  type: string,
  options: { ts?: string; id?: string; secret?: string } = {},
): WebhookRequest {
  const ts = options.ts ?? TS;
  const id = options.id ?? ID;
  const mac = createHmac('sha256', options.secret ?? SECRET)
    .update(id + ts + body)
    .digest('hex');
  return {
    method: 'POST',
    url: '/webhooks/twitch',
    headers: {
      'content-type': 'application/json',
      'twitch-eventsub-message-id': id,
      'twitch-eventsub-message-timestamp': ts,
      'twitch-eventsub-message-signature': `sha256=${mac}`,
      'twitch-eventsub-message-type': type,
    },
    body,
  };
}
const route = webhookRoute(scheme, { now }, ['respond'], 'test');

describe('twitch', () => {
  it('accepts a notification signed over id + RFC 3339 nanosecond timestamp + body', async () => {
    const verified = await verify(scheme, delivery(NOTIFICATION, 'notification'), { now });
    expect(verified).toMatchObject({ provider: 'twitch', payload: JSON.parse(NOTIFICATION) });
  });

  it('rejects a tampered body, another secret, a changed id and missing headers', async () => {
    const good = delivery(NOTIFICATION, 'notification');
    await expect(
      verify(scheme, { ...good, body: NOTIFICATION.replace('1337', '1338') }, { now }),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
    await expect(
      verify(scheme, delivery(NOTIFICATION, 'notification', { secret: 'other' }), { now }),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
    const headers = good.headers as Record<string, string>;
    await expect(
      verify(
        scheme,
        { ...good, headers: { ...headers, 'twitch-eventsub-message-id': 'x' } },
        { now },
      ),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
    for (const name of [
      'twitch-eventsub-message-signature',
      'twitch-eventsub-message-timestamp',
      'twitch-eventsub-message-id',
    ]) {
      const { [name]: _gone, ...rest } = headers;
      await expect(verify(scheme, { ...good, headers: rest }, { now })).rejects.toMatchObject({
        code: 'missing_signature',
      });
    }
  });

  it("refuses a message more than 10 minutes old, Twitch's own window", async () => {
    const request = delivery(NOTIFICATION, 'notification');
    await expect(verify(scheme, request, { now: () => TS_MS + 600_000 })).resolves.toBeDefined();
    await expect(verify(scheme, request, { now: () => TS_MS + 601_000 })).rejects.toMatchObject({
      code: 'timestamp_out_of_tolerance',
    });
    await expect(
      verify(twitch({ secret: SECRET, tolerance: false }), request, { now: () => TS_MS + 601_000 }),
    ).resolves.toBeDefined();
  });

  it('keeps message ids twice the window by default, or replayTtl', () => {
    expect(scheme.replayTtlSeconds).toBe(1_200);
    expect(twitch({ secret: SECRET, replayTtl: 1_800 }).replayTtlSeconds).toBe(1_800);
  });

  it('refuses a timestamp that is not an RFC 3339 instant', async () => {
    const request = delivery(NOTIFICATION, 'notification', { ts: '2019-02-30T10:11:12Z' });
    await expect(verify(scheme, request, { now })).rejects.toMatchObject({
      code: 'timestamp_out_of_tolerance',
    });
  });

  it('signs an RFC 3339 timestamp and a fresh message id', async () => {
    const signed = sign(scheme, { body: NOTIFICATION, timestamp: TS_MS });
    expect(signed.headers['twitch-eventsub-message-timestamp']).toBe('2019-11-16T10:11:12.634Z');
    expect(signed.headers['twitch-eventsub-message-id']).toMatch(/^[0-9a-f-]{36}$/);
    await expect(
      verify(scheme, { method: 'POST', url: '/', ...signed }, { now }),
    ).resolves.toBeDefined();
  });

  it('refuses a resent message id as a replay, even re-signed later', async () => {
    const replayStore = new MemoryReplayStore();
    const first = await accept(scheme, delivery(NOTIFICATION, 'notification'), {
      now,
      replayStore,
    });
    expect(first.replayClaim?.key).toBe(`twitch:id:${sha256(ID)}`);
    const later = '2019-11-16T10:12:12.000000001Z';
    await expect(
      verify(scheme, delivery(NOTIFICATION, 'notification', { ts: later }), { now, replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });

  it('answers webhook_callback_verification with the raw challenge as text/plain', async () => {
    const outcome = await route.handle(delivery(CHALLENGE, 'webhook_callback_verification'));
    expect(outcome).toMatchObject({
      kind: 'handshake',
      handshake: {
        name: 'twitch.webhook_callback_verification',
        reply: { status: 200, body: 'pogchamp-kappa-360noscope-vohiyo' },
      },
    });
    if (outcome.kind === 'handshake')
      expect(outcome.handshake.reply.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('answers a signed challenge whatever the unsigned type header says, never handing it to the handler', async () => {
    const outcome = await route.handle(delivery(CHALLENGE, 'notification'));
    expect(outcome.kind).toBe('handshake');
  });

  it('refuses a verification with no challenge, and a forged one', async () => {
    await expect(
      route.handle(delivery(NOTIFICATION, 'webhook_callback_verification')),
    ).rejects.toMatchObject({ code: 'malformed_request' });
    const forged = {
      ...delivery(CHALLENGE, 'webhook_callback_verification'),
      body: CHALLENGE.replace('pogchamp', 'kappa'),
    };
    await expect(route.handle(forged)).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('hands notifications and revocations to the handler', async () => {
    const revocation = '{"subscription":{"status":"authorization_revoked"}}';
    for (const [body, type] of [
      [NOTIFICATION, 'notification'],
      [revocation, 'revocation'],
    ] as const) {
      const outcome = await route.handle(delivery(body, type));
      expect(outcome).toMatchObject({ kind: 'webhook', webhook: { payload: JSON.parse(body) } });
    }
  });

  it('explain names the verification and its answer, never the secret', () => {
    const explanation = explain(scheme, delivery(CHALLENGE, 'webhook_callback_verification'), {
      now,
    });
    expect(explanation.handshake).toMatchObject({
      name: 'twitch.webhook_callback_verification',
      signed: true,
    });
    const text = formatExplanation(explanation);
    expect(text).toContain('pogchamp-kappa-360noscope-vohiyo');
    expect(`${text}${JSON.stringify(explanation)}`).not.toContain(SECRET);
  });
});
