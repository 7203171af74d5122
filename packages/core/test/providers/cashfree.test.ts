import { createHmac } from 'node:crypto';
import {
  cashfree,
  explain,
  formatExplanation,
  MemoryReplayStore,
  sign,
  verify,
  type WebhookRequest,
  type WebhookScheme,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';

// Cashfree: the webhook (cashfree.webhook) and its three form callbacks (subscription,
// legacyNotify, payoutsV1). Tests that use cashfree.webhook only as a typical JSON scheme
// are filed under the mechanism they check (test/mechanisms).

const NOW = 1_700_000_000_000;
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

describe('every cashfree factory describes itself', () => {
  it.each([
    ['cashfree.webhook', 'json', cashfree.webhook({ secret: 's' })],
    ['cashfree.subscription', 'form', cashfree.subscription({ secret: 's' })],
    ['cashfree.legacyNotify', 'form', legacy],
    ['cashfree.payoutsV1', 'form', payouts],
  ] as const)('%s describes itself as a cashfree %s scheme', (name, mediaType, scheme) => {
    expect(scheme).toMatchObject({ name, provider: 'cashfree', mediaType });
  });

  it('publicly: the form schemes are untimed and kept a day, a webhook with tolerance 0 a second', () => {
    expect(cashfree.subscription({ secret: 's' })).toMatchObject({
      name: 'cashfree.subscription',
      provider: 'cashfree',
      mediaType: 'form',
      tolerance: false,
      replayTtlSeconds: 86_400,
    });
    expect(cashfree.legacyNotify({ secret: 's' })).toMatchObject({
      tolerance: false,
      replayTtlSeconds: 86_400,
      mediaType: 'form',
    });
    expect(cashfree.payoutsV1({ secret: 's' })).toMatchObject({
      tolerance: false,
      replayTtlSeconds: 86_400,
      mediaType: 'form',
    });
    expect(cashfree.webhook({ secret: 's', tolerance: 0 })).toMatchObject({
      tolerance: 0,
      replayTtlSeconds: 1,
    });
  });
});

describe('cashfree.webhook signing', () => {
  const cf = cashfree.webhook({ secret: 'secret' });

  it('sends the Cashfree webhook version, default or given', () => {
    expect(sign(cf, { body: '{}' }).headers['x-webhook-version']).toBe('2023-08-01');
    expect(sign(cf, { body: '{}', version: '2025-01-01' }).headers['x-webhook-version']).toBe(
      '2025-01-01',
    );
  });

  it('sends objects as JSON and text as it is', () => {
    const scheme = cashfree.webhook({ secret: 's' });
    expect(sign(scheme, { body: { a: 1 } }).body).toBe('{"a":1}');
    expect(sign(scheme, { body: '{ "a" : 1 }' }).body).toBe('{ "a" : 1 }');
    expect(sign(scheme, { body: Buffer.from('{}') }).body).toBeInstanceOf(Uint8Array);
  });
});

describe('cashfree form schemes: sign input', () => {
  it('refuses form sign input of the wrong shape for every form scheme', () => {
    for (const scheme of [
      cashfree.subscription({ secret: 's' }),
      cashfree.payoutsV1({ secret: 's' }),
      cashfree.legacyNotify({ secret: 's' }),
    ]) {
      for (const input of [null, { fields: 'abc' }, { fields: null }]) {
        expect(() => sign(scheme, input as never)).toThrow(/sign expects \{ fields/);
      }
    }
  });

  it('refuses form sign input that is not an object', () => {
    expect(() => sign(cashfree.payoutsV1({ secret: 's' }), null as never)).toThrow(
      /sign expects \{ fields/,
    );
  });
});

describe('cashfree form schemes: replay keys tell two deliveries apart', () => {
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

// The describe and test titles are the snapshots' keys, kept as they were.
describe('explanations of the seed schemes name every part', () => {
  const now = () => NOW;

  it.each([
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

  it('names the expected encoding when legacy notify cannot decode a signature', async () => {
    const broken = {
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'orderId=1&signature=***',
    };
    const error = await verify(legacy, broken, { now }).catch((e: Error) => e.message);
    expect(error).toMatchSnapshot();
  });
});

describe('cashfree form schemes: the signed fields, in any order', () => {
  // The oracle is Cashfree's documented recipe, written here with Array#sort and
  // node:crypto: sort the signed fields by name, join, base64 HMAC-SHA256.
  const recipe = (
    secret: string,
    signed: [string, string][],
    join: (f: [string, string]) => string,
  ) =>
    createHmac('sha256', secret)
      .update(
        [...signed]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(join)
          .join(''),
      )
      .digest('base64');
  // A fixed shuffle: names out of order, upper and lower case, `_` between them.
  const shuffled = (count: number): [string, string][] =>
    Array.from({ length: count }, (_, i) => {
      const n = (i * 7919) % count;
      return [`cf_${n % 3 === 0 ? 'X' : n % 3 === 1 ? '_' : 'x'}${n}`, `v ${n}`];
    });
  const post = (fields: [string, string][]): WebhookRequest => ({
    method: 'POST',
    url: '/',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

  it.each([12, 40])(
    'subscription: %i cf_ fields shuffled, and unsigned ones, verify',
    async (count) => {
      const signed = shuffled(count);
      const signature = recipe('s', signed, ([name, value]) => name + value);
      const body: [string, string][] = [['other', 'x'], ...signed, ['signature', signature]];
      const { payload } = await verify(cashfree.subscription({ secret: 's' }), post(body));
      expect(Object.getPrototypeOf(payload)).toBeNull();
      expect(Object.entries(payload)).toEqual(signed);
    },
  );

  it.each([12, 40])('payouts v1: %i fields shuffled verify, values only', async (count) => {
    const signed = shuffled(count);
    const signature = recipe('s', signed, ([, value]) => value);
    const { payload } = await verify(payouts, post([...signed, ['signature', signature]]));
    expect(Object.entries(payload)).toEqual(signed);
  });

  it('hands over a null-prototype payload: __proto__ is a plain field', async () => {
    const signed: [string, string][] = [
      ['cf_b', '2'],
      ['__proto__', 'x'],
      ['cf___proto__', 'y'],
    ];
    const signature = recipe('s', signed, ([, value]) => value);
    const { payload } = await verify(payouts, post([...signed, ['signature', signature]]));
    expect(Object.keys(payload)).toEqual(['cf_b', '__proto__', 'cf___proto__']);
    expect(Object.getOwnPropertyDescriptor(payload, '__proto__')?.value).toBe('x');
  });

  it.each([
    ['subscription', cashfree.subscription({ secret: 's' }), 'cf_a=1&cf_b=2&cf_a=1'],
    ['payouts v1', payouts, 'a=1&b=2&c=3&b=2'],
    [
      'subscription, past 32 fields',
      cashfree.subscription({ secret: 's' }),
      `${new URLSearchParams(shuffled(40))}&cf_x2=v 2`,
    ],
  ])('%s: a repeated signed field is malformed_request, named', async (_, scheme, fields) => {
    const name = fields.split('&').at(-1)?.split('=')[0];
    const body = `${fields}&signature=${encodeURIComponent(recipe('s', [], () => ''))}`;
    await expect(verify(scheme, post([...new URLSearchParams(body)]))).rejects.toMatchObject({
      code: 'malformed_request',
      message: `[hookguard] ${scheme.name}: the signed form field "${name}" appears more than once.`,
    });
  });

  it('subscription: a repeated unsigned field is not its concern', async () => {
    const signed: [string, string][] = [['cf_a', '1']];
    const signature = recipe('s', signed, ([name, value]) => name + value);
    const body: [string, string][] = [['x', '1'], ...signed, ['x', '2'], ['signature', signature]];
    await expect(verify(cashfree.subscription({ secret: 's' }), post(body))).resolves.toMatchObject(
      {
        payload: { cf_a: '1' },
      },
    );
  });
});
