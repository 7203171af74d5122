import {
  explain,
  formatExplanation,
  MemoryReplayStore,
  sign,
  smileId,
  verify,
  type WebhookRequest,
  type WebhookScheme,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { accept } from '../support/replay.js';

const NOW = 1_700_000_000_000;
const now = () => NOW;
const smile = smileId({ partnerId: '085', apiKey: 'k' });

describe('smile-id describes itself', () => {
  it('as smile-id, a JSON scheme', () => {
    expect(smile).toMatchObject({ name: 'smile-id', provider: 'smile-id', mediaType: 'json' });
  });

  it('publicly: JSON, 300 s each way, replays kept 600 s', () => {
    expect(smileId({ partnerId: '1', apiKey: 'k' })).toMatchObject({
      name: 'smile-id',
      provider: 'smile-id',
      mediaType: 'json',
      tolerance: 300,
      replayTtlSeconds: 600,
    });
  });
});

describe('Smile ID configuration', () => {
  it('refuses an empty partner id', () => {
    expect(() => smileId({ partnerId: '', apiKey: 'k' })).toThrow(
      /partnerId must be a non-empty string/,
    );
  });
});

describe('Smile ID signing', () => {
  it('gives Smile ID the current time as ISO-8601 by default', () => {
    const signed = sign(
      smileId({ partnerId: '085', apiKey: 'k' }),
      {},
      { now: () => Date.UTC(2022, 3, 3, 21, 31, 47, 296) },
    );
    expect(signed.timestamp).toBe('2022-04-03T21:31:47.296Z');
  });
});

describe('Smile ID bodies that are JSON but not an object', () => {
  const scheme = smileId({ partnerId: '1', apiKey: 'k' });
  it.each(['null', '[]', '"text"', '5'])('answers malformed_request for %s', async (body) => {
    const request = {
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/json' },
      body,
    };
    await expect(verify(scheme, request, { now })).rejects.toMatchObject({
      code: 'malformed_request',
    });
  });
});

describe('Smile ID replay keys', () => {
  it('tell two deliveries apart', async () => {
    const deliver = (): WebhookRequest => ({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sign(smile, {}, { now: () => NOW + Math.floor(Math.random() * 1000) })),
    });
    const scheme: WebhookScheme = smile;
    const replayStore = new MemoryReplayStore();
    const first = await verify(scheme, deliver(), { now: () => NOW, replayStore });
    const second = await verify(scheme, deliver(), { now: () => NOW, replayStore });
    expect(first.replayClaim?.key).toMatch(
      new RegExp(`^${scheme.name.replace('.', '\\.')}:(sig|id):[A-Za-z0-9_-]{43}$`),
    );
    expect(second.replayClaim?.key).not.toBe(first.replayClaim?.key);
  });

  it('deduplicates Smile ID on its digest (which covers the timestamp), whatever the body', async () => {
    const scheme = smileId({ partnerId: '085', apiKey: 'k' });
    const pair = sign(scheme, { timestamp: '2022-04-03T21:31:47.296Z' });
    const now = () => Date.parse('2022-04-03T21:31:48Z');
    const replayStore = new MemoryReplayStore();
    const request = (result: string) => ({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...pair, result }),
    });
    const first = await accept(scheme, request('approved'), { now, replayStore });
    const digest = Buffer.from(pair.signature, 'base64').toString('base64url');
    expect(first.replayClaim?.key).toBe(`smile-id:sig:${digest}`);
    await expect(verify(scheme, request('rejected'), { now, replayStore })).rejects.toMatchObject({
      code: 'replayed',
    });
  });
});

// The describe and test titles are the snapshots' keys, kept as they were.
describe('explanations of the seed schemes name every part', () => {
  it('smile id', () => {
    const smileRequest: WebhookRequest = {
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sign(smile, {}, { now })),
    };
    expect(formatExplanation(explain(smile, smileRequest, { now }))).toMatchSnapshot();
  });
});
