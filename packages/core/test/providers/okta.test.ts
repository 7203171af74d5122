import {
  explain,
  formatExplanation,
  MemoryReplayStore,
  okta,
  sign,
  verify,
  type WebhookRequest,
} from '@hookguard/core';
import { webhookRoute } from '@hookguard/core/adapter';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../support/replay.js';

const SECRET = 'Basic YWRtaW46c3VwZXJzZWNyZXQ=';
const scheme = okta({ secret: SECRET });
const BODY =
  '{"eventType":"com.okta.event_hook","eventId":"b5a188b9","data":{"events":[{"eventType":"user.lifecycle.create"}]}}';
const post = (headers: Record<string, string>, body = BODY): WebhookRequest => ({
  method: 'POST',
  url: '/webhooks/okta',
  headers: { 'content-type': 'application/json', ...headers },
  body,
});
const verification = (headers: Record<string, string>): WebhookRequest => ({
  method: 'GET',
  url: '/webhooks/okta',
  headers,
  body: '',
});
const CHALLENGE = 'VhHRXPpPaMjzw3abKsH_bQvwSVrB8jZLOqv2Wm3cjSw';
const route = webhookRoute(scheme, {}, ['respond'], 'test');

describe('okta', () => {
  it('accepts a call carrying the secret in Authorization', async () => {
    await expect(verify(scheme, post({ authorization: SECRET }))).resolves.toMatchObject({
      provider: 'okta',
      payload: JSON.parse(BODY),
    });
  });

  it('rejects another secret, a near miss and a missing header', async () => {
    await expect(verify(scheme, post({ authorization: 'Basic guess' }))).rejects.toMatchObject({
      code: 'invalid_signature',
    });
    await expect(verify(scheme, post({ authorization: `${SECRET} ` }))).rejects.toMatchObject({
      code: 'invalid_signature',
    });
    await expect(verify(scheme, post({}))).rejects.toMatchObject({ code: 'missing_signature' });
  });

  it('reads the secret from the header you named, and any configured secret while rotating', async () => {
    const custom = okta({ secret: ['new-secret', SECRET], header: 'X-Okta-Secret' });
    await expect(verify(custom, post({ 'x-okta-secret': SECRET }))).resolves.toMatchObject({
      matchedKey: 1,
    });
    await expect(verify(custom, post({ authorization: SECRET }))).rejects.toMatchObject({
      code: 'missing_signature',
    });
    expect(sign(custom, { body: BODY }).headers['x-okta-secret']).toBe('new-secret');
  });

  it('refuses a header name that is not one when the scheme is made', () => {
    expect(() => okta({ secret: SECRET, header: 'bad header' })).toThrow(TypeError);
    expect(() => okta({ secret: SECRET, header: '' })).toThrow(/header/);
    expect(() => okta({ secret: SECRET, header: 42 as never })).toThrow(/header/);
  });

  it('deduplicates on the body for 24 h: the same body again is refused', async () => {
    const replayStore = new MemoryReplayStore();
    const first = await verify(scheme, post({ authorization: SECRET }), { replayStore });
    expect(first.replayClaim?.key).toBe(`okta:body:${sha256(BODY)}`);
    await first.replayClaim?.commit();
    await expect(
      verify(scheme, post({ authorization: SECRET }), { replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
    expect(okta({ secret: SECRET, replayTtl: 10 }).replayTtlSeconds).toBe(10);
  });

  it('answers the verification GET carrying the secret with {"verification"}', async () => {
    const outcome = await route.handle(
      verification({ 'x-okta-verification-challenge': CHALLENGE, authorization: SECRET }),
    );
    expect(outcome).toMatchObject({
      kind: 'handshake',
      handshake: {
        name: 'okta.verification',
        reply: { status: 200, body: JSON.stringify({ verification: CHALLENGE }) },
      },
    });
  });

  it('refuses a verification GET without the secret, or with another (403)', async () => {
    await expect(
      route.handle(verification({ 'x-okta-verification-challenge': CHALLENGE })),
    ).rejects.toMatchObject({ code: 'handshake_refused', status: 403 });
    await expect(
      route.handle(
        verification({ 'x-okta-verification-challenge': CHALLENGE, authorization: 'Basic x' }),
      ),
    ).rejects.toMatchObject({ code: 'handshake_refused' });
  });

  it('with secretOnVerification: false, answers the verification without the secret', async () => {
    const lenient = webhookRoute(
      okta({ secret: SECRET, secretOnVerification: false }),
      {},
      ['respond'],
      'test',
    );
    const outcome = await lenient.handle(
      verification({ 'x-okta-verification-challenge': CHALLENGE }),
    );
    expect(outcome.kind).toBe('handshake');
  });

  it('explain shows the verification, and never the secret even when it is wrong', () => {
    const answered = explain(
      scheme,
      verification({ 'x-okta-verification-challenge': CHALLENGE, authorization: SECRET }),
    );
    expect(answered.verdict).toEqual({ ok: true, handshake: 'okta.verification' });
    const refused = explain(scheme, post({ authorization: `${SECRET}x` }));
    const text = `${formatExplanation(answered)}${JSON.stringify(answered)}${formatExplanation(refused)}${JSON.stringify(refused)}`;
    expect(text).toContain('okta.verification');
    expect(text).not.toContain('YWRtaW46c3VwZXJzZWNyZXQ');
  });
});
