import { createHmac } from 'node:crypto';
import {
  explain,
  formatExplanation,
  meta,
  PROVIDERS,
  sign,
  verify,
  type WebhookRequest,
} from '@hookguard/core';
import { webhookRoute } from '@hookguard/core/adapter';
import { describe, expect, it } from 'vitest';

const SECRET = 'meta-app-secret';
const TOKEN = 'meta-verify-token';
const scheme = meta({ appSecret: SECRET, verifyToken: TOKEN });
const BODY =
  '{"object":"page","entry":[{"id":"1","messaging":[{"message":{"text":"caf\\u00e9"}}]}]}';
const post = (headers: Record<string, string>, body = BODY): WebhookRequest => ({
  method: 'POST',
  url: '/webhooks/meta',
  headers,
  body,
});
const signedHeaders = (secret = SECRET, body = BODY) => ({
  'content-type': 'application/json',
  'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
});
const get = (query: string): WebhookRequest => ({
  method: 'GET',
  url: `/webhooks/meta?${query}`,
  headers: {},
  body: '',
});
const route = webhookRoute(scheme, {}, ['respond'], 'test');

describe('meta', () => {
  it('accepts a body signed sha256=hex HMAC-SHA256 under the app secret, escaped unicode as sent', async () => {
    const verified = await verify(scheme, post(signedHeaders()));
    expect(verified).toMatchObject({ provider: 'meta', matchedKey: 0, payload: JSON.parse(BODY) });
  });

  it('rejects a tampered body, another app secret, the SHA-1 header and a missing signature', async () => {
    await expect(
      verify(scheme, post(signedHeaders(), BODY.replace('caf', 'cab'))),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
    await expect(verify(scheme, post(signedHeaders('other')))).rejects.toMatchObject({
      code: 'invalid_signature',
    });
    const sha1 = createHmac('sha1', SECRET).update(BODY).digest('hex');
    await expect(
      verify(
        scheme,
        post({ 'content-type': 'application/json', 'x-hub-signature': `sha1=${sha1}` }),
      ),
    ).rejects.toMatchObject({ code: 'missing_signature' });
  });

  it('answers the verification GET with the challenge as text when the token matches', async () => {
    const outcome = await route.handle(
      get(`hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${TOKEN}`),
    );
    expect(outcome).toMatchObject({
      kind: 'handshake',
      handshake: { name: 'meta.subscribe', reply: { status: 200, body: '1158201444' } },
    });
  });

  it('refuses a wrong or missing verify token with handshake_refused, never echoing', async () => {
    await expect(
      route.handle(get('hub.mode=subscribe&hub.challenge=1&hub.verify_token=guess')),
    ).rejects.toMatchObject({ code: 'handshake_refused', status: 403 });
    await expect(route.handle(get('hub.mode=subscribe&hub.challenge=1'))).rejects.toMatchObject({
      code: 'handshake_refused',
    });
  });

  it('without a verifyToken, leaves the GET unanswered: it needs a signature like any request', async () => {
    const unanswering = webhookRoute(meta({ appSecret: SECRET }), {}, ['respond'], 'test');
    await expect(
      unanswering.handle(get(`hub.mode=subscribe&hub.challenge=1&hub.verify_token=${TOKEN}`)),
    ).rejects.toMatchObject({ code: 'missing_signature' });
  });

  it('refuses an empty or non-text verifyToken when the scheme is made', () => {
    expect(() => meta({ appSecret: SECRET, verifyToken: '' })).toThrow(TypeError);
    expect(() => meta({ appSecret: SECRET, verifyToken: 42 as never })).toThrow(/verifyToken/);
  });

  it('keys replays on the digest for 24 h (nothing is timestamped), or replayTtl', () => {
    expect(scheme.replayTtlSeconds).toBe(86_400);
    expect(meta({ appSecret: SECRET, replayTtl: 60 }).replayTtlSeconds).toBe(60);
  });

  it('signs what it verifies, and the demo sample verifies', async () => {
    const entry = PROVIDERS.find((provider) => provider.id === 'meta');
    const signed = sign(scheme, entry?.sample(1_700_000_000_000) as never);
    await expect(verify(scheme, { method: 'POST', url: '/', ...signed })).resolves.toBeDefined();
  });

  it('explain shows the handshake and never the app secret or the verify token', () => {
    const explanation = explain(
      scheme,
      get(`hub.mode=subscribe&hub.challenge=42&hub.verify_token=${TOKEN}`),
    );
    expect(explanation.verdict).toEqual({ ok: true, handshake: 'meta.subscribe' });
    const refused = explain(
      scheme,
      get('hub.mode=subscribe&hub.challenge=42&hub.verify_token=nope'),
    );
    const text = `${formatExplanation(explanation)}${formatExplanation(refused)}${JSON.stringify(refused)}`;
    expect(text).toContain('meta.subscribe');
    expect(text).not.toContain(SECRET);
    expect(JSON.stringify(refused)).not.toContain(TOKEN);
  });
});
