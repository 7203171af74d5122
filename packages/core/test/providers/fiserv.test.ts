import {
  explain,
  fiserv,
  formatExplanation,
  MemoryReplayStore,
  sign,
  verify,
  type WebhookRequest,
  type WebhookScheme,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { accept, post, sha256 } from '../support/replay.js';

const NOW = 1_700_000_000_000;
const fv = fiserv({ apiKey: 'key', secret: 's' });

describe('fiserv describes itself', () => {
  it('as fiserv, a JSON scheme', () => {
    expect(fv).toMatchObject({ name: 'fiserv', provider: 'fiserv', mediaType: 'json' });
  });
});

describe('Fiserv signing', () => {
  it('gives Fiserv a fresh UUIDv4 request id and the current ms time', () => {
    const scheme = fiserv({ apiKey: 'key', secret: 'secret' });
    const first = sign(scheme, { body: { a: 1 } }, { now: () => 1_700_000_000_123 });
    const second = sign(scheme, { body: { a: 1 } }, { now: () => 1_700_000_000_123 });
    expect(first.headers['client-request-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(first.headers['client-request-id']).not.toBe(second.headers['client-request-id']);
    expect(first.headers.timestamp).toBe('1700000000123');
    expect(Object.keys(first.headers).sort()).toEqual([
      'api-key',
      'client-request-id',
      'content-type',
      'message-signature',
      'timestamp',
    ]);
  });

  it('sends a Content-Type for Fiserv only with a body', () => {
    const scheme = fiserv({ apiKey: 'k', secret: 's' });
    expect(sign(scheme, {}).headers['content-type']).toBeUndefined();
    expect(sign(scheme, { body: {} }).headers['content-type']).toBe('application/json');
  });
});

describe('Fiserv decoding', () => {
  it('refuses a 64-byte signature that is not hex text', async () => {
    const scheme = fiserv({ apiKey: 'k', secret: 's' });
    const signed = sign(scheme, { body: {} }, { now: () => NOW });
    const headers = {
      ...signed.headers,
      'message-signature': Buffer.alloc(64, 'z').toString('base64'),
    };
    await expect(
      verify(scheme, { method: 'POST', url: '/', headers, body: signed.body }, { now: () => NOW }),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it("explains Fiserv's two encodings", () => {
    const scheme = fiserv({ apiKey: 'k', secret: 's' });
    const signed = sign(scheme, { body: '{}', encoding: 'hex-base64' }, { now: () => 0 });
    const explanation = explain(scheme, { method: 'POST', url: '/', ...signed }, { now: () => 0 });
    expect(explanation.keys[0]?.forms.map((form) => form.form)).toEqual(['base64', 'hex-base64']);
    expect(explanation.received[0]?.decoded[0]?.form).toBe('base64 of the hex digest');
  });
});

describe('Fiserv replay keys', () => {
  it('tell two deliveries apart', async () => {
    const deliver = (): WebhookRequest => ({
      method: 'POST',
      url: '/',
      ...sign(fv, { body: {} }, { now: () => NOW }),
    });
    const scheme: WebhookScheme = fv;
    const replayStore = new MemoryReplayStore();
    const first = await verify(scheme, deliver(), { now: () => NOW, replayStore });
    const second = await verify(scheme, deliver(), { now: () => NOW, replayStore });
    expect(first.replayClaim?.key).toMatch(
      new RegExp(`^${scheme.name.replace('.', '\\.')}:(sig|id):[A-Za-z0-9_-]{43}$`),
    );
    expect(second.replayClaim?.key).not.toBe(first.replayClaim?.key);
  });

  it('deduplicates Fiserv on the signed Api-Key and Client-Request-Id, even for another signed body', async () => {
    const scheme = fiserv({ apiKey: 'key', secret: 'secret' });
    const now = () => 1_700_000_000_000;
    const replayStore = new MemoryReplayStore();
    const send = (body: unknown) =>
      post(sign(scheme, { body, requestId: 'req-1', timestamp: now() }));
    const first = await accept(scheme, send({ n: 1 }), { now, replayStore });
    expect(first.replayClaim?.key).toBe(`fiserv:id:${sha256('key:req-1')}`);
    await expect(verify(scheme, send({ n: 2 }), { now, replayStore })).rejects.toMatchObject({
      code: 'replayed',
    });
  });
});

// The describe and test titles are the snapshots' keys, kept as they were.
describe('explanations of the seed schemes name every part', () => {
  const now = () => NOW;

  it('fiserv, hex form', () => {
    const request = {
      method: 'POST',
      url: '/',
      ...sign(fv, { body: { a: 1 }, requestId: 'r1', encoding: 'hex-base64' }, { now }),
    };
    expect(formatExplanation(explain(fv, request, { now }))).toMatchSnapshot();
  });

  it('names the expected encoding when fiserv cannot decode a signature', async () => {
    const request = { method: 'POST', url: '/', ...sign(fv, { body: {} }, { now }) };
    const broken = { ...request, headers: { ...request.headers, 'message-signature': '***' } };
    const error = await verify(fv, broken, { now }).catch((e: Error) => e.message);
    expect(error).toMatchSnapshot();
  });
});
