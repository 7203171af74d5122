import { createHmac } from 'node:crypto';
import { dropbox, explain, formatExplanation, verify, type WebhookRequest } from '@hookguard/core';
import { webhookRoute } from '@hookguard/core/adapter';
import { describe, expect, it } from 'vitest';

const SECRET = 'dropbox-app-secret';
const scheme = dropbox({ appSecret: SECRET });
const BODY =
  '{"list_folder": {"accounts": ["dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc"]}, "delta": {"users": [12345]}}';
const post = (signature: string | undefined, body = BODY): WebhookRequest => ({
  method: 'POST',
  url: '/webhooks/dropbox',
  headers: {
    'content-type': 'application/json',
    ...(signature === undefined ? {} : { 'x-dropbox-signature': signature }),
  },
  body,
});
const hex = (secret: string, body = BODY) =>
  createHmac('sha256', secret).update(body).digest('hex');
const get = (query: string): WebhookRequest => ({
  method: 'GET',
  url: `/webhooks/dropbox?${query}`,
  headers: {},
  body: '',
});
const route = webhookRoute(scheme, {}, ['respond'], 'test');

describe('dropbox', () => {
  it('accepts a notification signed with hex HMAC-SHA256 of the body', async () => {
    await expect(verify(scheme, post(hex(SECRET)))).resolves.toMatchObject({
      provider: 'dropbox',
      payload: JSON.parse(BODY),
    });
  });

  it('rejects a tampered body, another app secret and a missing signature', async () => {
    await expect(
      verify(scheme, post(hex(SECRET), BODY.replace('12345', '1'))),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
    await expect(verify(scheme, post(hex('other')))).rejects.toMatchObject({
      code: 'invalid_signature',
    });
    await expect(verify(scheme, post(undefined))).rejects.toMatchObject({
      code: 'missing_signature',
    });
  });

  it('echoes the challenge as text/plain with nosniff', async () => {
    const outcome = await route.handle(get('challenge=Z8hkVZu3YDzr6oLO8ReF'));
    expect(outcome).toMatchObject({
      kind: 'handshake',
      handshake: {
        name: 'dropbox.challenge',
        reply: {
          status: 200,
          body: 'Z8hkVZu3YDzr6oLO8ReF',
          headers: { 'x-content-type-options': 'nosniff' },
        },
      },
    });
  });

  it('never echoes a challenge that is not a token, and needs a signature on any other GET', async () => {
    await expect(route.handle(get('challenge=%3Cscript%3E'))).rejects.toMatchObject({
      code: 'malformed_request',
    });
    await expect(route.handle(get('other=1'))).rejects.toMatchObject({ code: 'missing_signature' });
  });

  it('keeps replays 24 h by default, or replayTtl', () => {
    expect(scheme.replayTtlSeconds).toBe(86_400);
    expect(dropbox({ appSecret: SECRET, replayTtl: 30 }).replayTtlSeconds).toBe(30);
  });

  it('explain shows the challenge answer, never the secret', () => {
    const explanation = explain(scheme, get('challenge=abc'));
    expect(explanation.verdict).toEqual({ ok: true, handshake: 'dropbox.challenge' });
    const text = formatExplanation(explanation);
    expect(text).toContain('answered 200: abc');
    expect(`${text}${JSON.stringify(explanation)}`).not.toContain(SECRET);
  });
});
