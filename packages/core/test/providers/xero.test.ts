import { createHmac } from 'node:crypto';
import {
  explain,
  formatExplanation,
  MemoryReplayStore,
  verify,
  type WebhookRequest,
  xero,
} from '@hookguard/core';
import { webhookRoute } from '@hookguard/core/adapter';
import { describe, expect, it } from 'vitest';

const KEY =
  'OSd0eLlVIY9ZhViEqlDUh4+6n6M+Lo+eDaEJheJ6OCCgWwIz2D3JIAU6jPMipHRbgKTLz2uJ+xiACXGDBLrgdA==';
const scheme = xero({ webhookKey: KEY });
const EVENT =
  '{"events":[{"resourceId":"717f2bfc","eventType":"UPDATE","eventCategory":"CONTACT"}],"firstEventSequence":1,"lastEventSequence":1,"entropy":"S0m3r4Nd0mt3xt"}';
const INTENT =
  '{"events":[],"firstEventSequence": 0,"lastEventSequence": 0, "entropy": "ZDNFAOXDPWTKXSEJWMVN"}';
const b64 = (key: string, body: string) => createHmac('sha256', key).update(body).digest('base64');
const post = (body: string, signature: string | undefined): WebhookRequest => ({
  method: 'POST',
  url: '/webhooks/xero',
  headers: {
    'content-type': 'application/json',
    ...(signature === undefined ? {} : { 'x-xero-signature': signature }),
  },
  body,
});
const route = webhookRoute(scheme, { replayStore: new MemoryReplayStore() }, ['respond'], 'test');

describe('xero', () => {
  it('accepts an event signed with base64 HMAC-SHA256 under the webhooks key (as text)', async () => {
    await expect(verify(scheme, post(EVENT, b64(KEY, EVENT)))).resolves.toMatchObject({
      provider: 'xero',
      payload: JSON.parse(EVENT),
    });
  });

  it('rejects a tampered body, another key, a hex signature and a missing one', async () => {
    await expect(
      verify(scheme, post(EVENT.replace('UPDATE', 'CREATE'), b64(KEY, EVENT))),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
    await expect(verify(scheme, post(EVENT, b64('other', EVENT)))).rejects.toMatchObject({
      code: 'invalid_signature',
    });
    const hex = createHmac('sha256', KEY).update(EVENT).digest('hex');
    await expect(verify(scheme, post(EVENT, hex))).rejects.toMatchObject({
      code: 'invalid_signature',
    });
    await expect(verify(scheme, post(EVENT, undefined))).rejects.toMatchObject({
      code: 'missing_signature',
    });
  });

  it('answers a correctly signed intent-to-receive payload with an empty 200, every time', async () => {
    for (const _ of [1, 2]) {
      const outcome = await route.handle(post(INTENT, b64(KEY, INTENT)));
      expect(outcome).toMatchObject({
        kind: 'handshake',
        handshake: {
          name: 'xero.intent_to_receive',
          reply: { status: 200, body: '', headers: {} },
        },
      });
    }
  });

  it('refuses an incorrectly signed intent-to-receive payload with 401', async () => {
    await expect(route.handle(post(INTENT, b64(KEY, `${INTENT} `)))).rejects.toMatchObject({
      code: 'invalid_signature',
      status: 401,
    });
  });

  it('hands events to the handler, and payloads that are not an object of events too', async () => {
    const outcome = await route.handle(post(EVENT, b64(KEY, EVENT)));
    expect(outcome).toMatchObject({ kind: 'webhook', webhook: { payload: JSON.parse(EVENT) } });
    const list = '[]';
    const other = await webhookRoute(scheme, {}, ['respond'], 'test').handle(
      post(list, b64(KEY, list)),
    );
    expect(other.kind).toBe('webhook');
  });

  it('keeps replays 24 h by default, or replayTtl', () => {
    expect(scheme.replayTtlSeconds).toBe(86_400);
    expect(xero({ webhookKey: KEY, replayTtl: 5 }).replayTtlSeconds).toBe(5);
  });

  it('explain names the intent to receive, never the key', () => {
    const explanation = explain(scheme, post(INTENT, b64(KEY, INTENT)));
    expect(explanation.handshake).toMatchObject({ name: 'xero.intent_to_receive', signed: true });
    const text = formatExplanation(explanation);
    expect(text).toContain('xero.intent_to_receive');
    expect(`${text}${JSON.stringify(explanation)}`).not.toContain(KEY);
  });
});
