import {
  cashfree,
  ethoca,
  explain,
  fiserv,
  formatExplanation,
  MemoryReplayStore,
  sign,
  smileId,
  verify,
  type WebhookRequest,
  type WebhookScheme,
} from '@hookguard/core';
import { assertMediaType } from '@hookguard/core/adapter';
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeBase64Url } from '../src/crypto/encoding.js';

// Details mutation testing showed no other test pinned down.

const NOW = 1_700_000_000_000;
const smile = smileId({ partnerId: '085', apiKey: 'k' });
const fv = fiserv({ apiKey: 'key', secret: 's' });
const legacy = cashfree.legacyNotify({ secret: 's' });
const payouts = cashfree.payoutsV1({ secret: 's' });
const legacyFields = (orderId: string) => ({
  orderId,
  orderAmount: '1.00',
  referenceId: 'r',
  txStatus: 'SUCCESS',
  paymentMode: 'UPI',
  txMsg: 'ok',
  txTime: 't',
});

describe('every seed factory describes itself', () => {
  it.each([
    [cashfree.webhook({ secret: 's' }), 'cashfree.webhook', 'cashfree', 'json'],
    [cashfree.subscription({ secret: 's' }), 'cashfree.subscription', 'cashfree', 'form'],
    [legacy, 'cashfree.legacyNotify', 'cashfree', 'form'],
    [payouts, 'cashfree.payoutsV1', 'cashfree', 'form'],
    [smile, 'smile-id', 'smile-id', 'json'],
    [fv, 'fiserv', 'fiserv', 'json'],
    [ethoca({ keys: { k: 's' } }), 'ethoca', 'ethoca', 'json'],
  ] as const)('%#: %s', (scheme, name, provider, mediaType) => {
    expect(scheme).toMatchObject({ name, provider, mediaType });
  });
});

describe('replay keys tell deliveries apart in every seed scheme', () => {
  const cases: [string, WebhookScheme, () => WebhookRequest][] = [
    [
      'legacy notify',
      legacy,
      () => ({
        method: 'POST',
        url: '/',
        ...sign(legacy, { fields: legacyFields(`o${Math.random()}`) }),
      }),
    ],
    [
      'payouts v1',
      payouts,
      () => ({
        method: 'POST',
        url: '/',
        ...sign(payouts, { fields: { event: 'E', transferId: `t${Math.random()}` } }),
      }),
    ],
    [
      'smile id',
      smile,
      () => ({
        method: 'POST',
        url: '/',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          sign(smile, {}, { now: () => NOW + Math.floor(Math.random() * 1000) }),
        ),
      }),
    ],
    [
      'fiserv',
      fv,
      () => ({ method: 'POST', url: '/', ...sign(fv, { body: {} }, { now: () => NOW }) }),
    ],
  ];
  it.each(cases)('%s', async (_, scheme, deliver) => {
    const replayStore = new MemoryReplayStore();
    const first = await verify(scheme, deliver(), { now: () => NOW, replayStore });
    const second = await verify(scheme, deliver(), { now: () => NOW, replayStore });
    expect(first.replayClaim?.key).toMatch(
      new RegExp(`^${scheme.name.replace('.', '\\.')}:(sig|id):[A-Za-z0-9_-]{43}$`),
    );
    expect(second.replayClaim?.key).not.toBe(first.replayClaim?.key);
  });
});

describe('explanations of the seed schemes name every part', () => {
  const now = () => NOW;
  const smileRequest: WebhookRequest = {
    method: 'POST',
    url: '/',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sign(smile, {}, { now })),
  };
  it.each([
    [
      'fiserv, hex form',
      fv,
      {
        method: 'POST',
        url: '/',
        ...sign(fv, { body: { a: 1 }, requestId: 'r1', encoding: 'hex-base64' }, { now }),
      },
    ],
    ['smile id', smile, smileRequest],
    [
      'legacy notify',
      legacy,
      { method: 'POST', url: '/', ...sign(legacy, { fields: legacyFields('o1') }) },
    ],
    [
      'payouts v1',
      payouts,
      { method: 'POST', url: '/', ...sign(payouts, { fields: { b: '2', a: '1' } }) },
    ],
  ] as const)('%s', (_, scheme, request) => {
    expect(
      formatExplanation(explain(scheme as WebhookScheme, request as WebhookRequest, { now })),
    ).toMatchSnapshot();
  });

  it.each([
    [
      'fiserv',
      fv,
      { method: 'POST', url: '/', ...sign(fv, { body: {} }, { now }) },
      'message-signature',
    ],
    [
      'legacy notify',
      legacy,
      {
        method: 'POST',
        url: '/',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'orderId=1&signature=***',
      },
      '',
    ],
  ] as const)(
    'names the expected encoding when %s cannot decode a signature',
    async (_, scheme, request, header) => {
      const broken =
        header === '' ? request : { ...request, headers: { ...request.headers, [header]: '***' } };
      const error = await verify(scheme as WebhookScheme, broken as WebhookRequest, { now }).catch(
        (e: Error) => e.message,
      );
      expect(error).toMatchSnapshot();
    },
  );

  it('names the missing secret option of each factory', () => {
    const messages = [
      () => fiserv({ apiKey: 'k' } as never),
      () => fiserv({ secret: 's' } as never),
      () => smileId({ partnerId: '1' } as never),
      () => cashfree.legacyNotify({} as never),
      () => cashfree.subscription({} as never),
      () => cashfree.payoutsV1({} as never),
    ].map((create) => {
      try {
        create();
        return 'no error';
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(messages).toMatchSnapshot();
  });
});

describe('canonical base64', () => {
  it('checks the four unused bits after two characters, and the two after three', () => {
    expect(decodeBase64('AE')).toBeUndefined();
    expect(decodeBase64('AQ')?.toString('hex')).toBe('01');
    expect(decodeBase64('AAB')).toBeUndefined();
    expect(decodeBase64('AAE')?.toString('hex')).toBe('0001');
    expect(decodeBase64('AAQ')?.toString('hex')).toBe('0004');
    for (const text of ['A+', 'A/', 'AA+', 'AA/']) expect(decodeBase64(text), text).toBeUndefined();
    for (const text of ['A-', 'A_', 'AA-', 'AA_'])
      expect(decodeBase64Url(text), text).toBeUndefined();
  });
});

describe('media type parameters', () => {
  it('reads the charset among other parameters, trimmed and in any case', () => {
    for (const type of [
      'application/json; format=x; charset=UTF-8',
      'application/json; flag; charset=utf8',
      ' APPLICATION/JSON ; charset= "utf-8" ',
      'application/json;charset=utf-8',
    ]) {
      expect(() => assertMediaType('json', type, true), type).not.toThrow();
    }
    for (const type of [
      'application/json; charset=utf-16',
      'application/json; format=x; charset=latin1',
      'application/xml',
      'application/json-patch',
    ]) {
      expect(() => assertMediaType('json', type, true), type).toThrow();
    }
  });
});
