import { createHash } from 'node:crypto';
import {
  cashfree,
  fiserv,
  github,
  MemoryReplayStore,
  razorpay,
  shopify,
  sign,
  slack,
  smileId,
  standardWebhooks,
  stripe,
  twilio,
  type VerifiedWebhook,
  verify,
  type WebhookRequest,
  type WebhookScheme,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import {
  cashfreeScheme,
  ETHOCA_NOW,
  ethocaScheme,
  NOW,
  recordingStore,
  signedCashfree,
  signedEthoca,
} from './fixtures.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
const post = (signed: { headers: Record<string, string>; body: string | Uint8Array }) =>
  ({ method: 'POST', url: '/', ...signed }) satisfies WebhookRequest;

/** Verifies and commits, as an adapter does once the handler answered 2xx. */
async function accept(
  scheme: WebhookScheme,
  request: WebhookRequest,
  options: Parameters<typeof verify>[2],
): Promise<VerifiedWebhook> {
  const verified = await verify(scheme, request, options);
  await verified.replayClaim?.commit();
  return verified;
}

describe('replay protection in verify: lease, commit, release', () => {
  it('holds a delivery while it is handled (409 delivery_in_progress, Retry-After the lease), then refuses it as replayed once committed', async () => {
    const replayStore = new MemoryReplayStore();
    const first = await verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore });
    expect(first.replayClaim?.key).toMatch(/^cashfree\.webhook:sig:[A-Za-z0-9_-]{43}$/);
    await expect(
      verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore, replayLease: 12 }),
    ).rejects.toMatchObject({ code: 'delivery_in_progress', status: 409, retryAfterSeconds: 12 });
    await first.replayClaim?.commit();
    await expect(
      verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore }),
    ).rejects.toMatchObject({ code: 'replayed', status: 401 });
  });

  it('accepts the retry of a released delivery, once', async () => {
    const replayStore = new MemoryReplayStore();
    const first = await verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore });
    await first.replayClaim?.release();
    const retry = await accept(cashfreeScheme, signedCashfree(), { now: NOW, replayStore });
    expect(retry.replayClaim?.key).toBe(first.replayClaim?.key);
    await expect(
      verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });

  it('settles a claim once: the first of commit, release or settle counts', async () => {
    const store = recordingStore();
    const verified = await verify(cashfreeScheme, signedCashfree(), {
      now: NOW,
      replayStore: store,
    });
    const claim = verified.replayClaim;
    await Promise.all([claim?.commit(), claim?.release(), claim?.settle(500), claim?.commit()]);
    expect(store.commits).toHaveLength(1);
    expect(store.releases).toEqual([]);
  });

  it('settles by status: commits below 500, releases a 5xx or a response that never completed', async () => {
    for (const [status, outcome] of [
      [200, 'commit'],
      [204, 'commit'],
      [422, 'commit'],
      [499, 'commit'],
      [500, 'release'],
      [503, 'release'],
      [undefined, 'release'],
    ] as const) {
      const store = recordingStore();
      const verified = await verify(cashfreeScheme, signedCashfree(), {
        now: NOW,
        replayStore: store,
      });
      await verified.replayClaim?.settle(status);
      expect([store.commits.length, store.releases.length], `status ${status}`).toEqual(
        outcome === 'commit' ? [1, 0] : [0, 1],
      );
    }
  });

  it('claims with the lease, and commits for the scheme TTL', async () => {
    const store = recordingStore();
    const verified = await verify(cashfreeScheme, signedCashfree(), {
      now: NOW,
      replayStore: store,
      replayLease: 2.5,
    });
    await verified.replayClaim?.commit();
    const key = verified.replayClaim?.key as string;
    expect(store.claims).toEqual([[key, 2_500]]);
    expect(store.commits).toEqual([[key, 600_000]]);
  });

  it('never claims for a forged, stale or malformed request, so the real delivery still gets through', async () => {
    const store = recordingStore();
    const real = signedCashfree();
    await expect(
      verify(
        cashfreeScheme,
        { ...real, body: '{"type":"FORGED"}' },
        { now: NOW, replayStore: store },
      ),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
    await expect(
      verify(cashfreeScheme, real, { now: () => NOW() + 600_000, replayStore: store }),
    ).rejects.toMatchObject({ code: 'timestamp_out_of_tolerance' });
    await expect(
      verify(cashfreeScheme, signedCashfree({}, 'signed but not JSON'), {
        now: NOW,
        replayStore: store,
      }),
    ).rejects.toMatchObject({ code: 'malformed_request' });
    expect(store.claims).toEqual([]);
    await expect(
      verify(cashfreeScheme, real, { now: NOW, replayStore: store }),
    ).resolves.toMatchObject({
      matchedKey: 0,
    });
  });

  it('refuses bad replay options when verify is called', async () => {
    for (const options of [
      { replayStore: {} as never },
      { replayStore: new MemoryReplayStore(), replayStoreTimeout: 0 },
      { replayStore: new MemoryReplayStore(), replayLease: 0 },
      { replayStore: new MemoryReplayStore(), replayLease: Number.POSITIVE_INFINITY },
      { replayStore: new MemoryReplayStore(), replayLease: '30' as never },
    ]) {
      await expect(
        verify(cashfreeScheme, signedCashfree(), { now: NOW, ...options }),
      ).rejects.toThrow(TypeError);
    }
  });
});

describe('replay keys come only from what the signature covers', () => {
  /** Changes every header the signature does not cover, as an attacker re-sending a capture would. */
  function withFreshUnsignedHeaders(request: WebhookRequest, unsigned: string[]): WebhookRequest {
    const headers = { ...(request.headers as Record<string, string>) };
    for (const name of unsigned) headers[name] = `forged-${Math.random()}`;
    headers['x-request-id'] = 'another';
    return { ...request, headers };
  }

  const cases: [string, WebhookScheme, WebhookRequest, string[]][] = [
    [
      'github (X-GitHub-Delivery unsigned)',
      github({ secret: 's' }),
      post(
        sign(github({ secret: 's' }), { body: '{"a":1}', headers: { 'x-github-delivery': 'd-1' } }),
      ),
      ['x-github-delivery', 'x-github-event', 'x-github-hook-id'],
    ],
    [
      'shopify (X-Shopify-Webhook-Id unsigned)',
      shopify({ secret: 's' }),
      post(
        sign(shopify({ secret: 's' }), {
          body: '{"a":1}',
          headers: { 'x-shopify-webhook-id': 'w-1' },
        }),
      ),
      ['x-shopify-webhook-id', 'x-shopify-topic', 'x-shopify-event-id'],
    ],
    [
      'razorpay (X-Razorpay-Event-Id unsigned)',
      razorpay({ secret: 's' }),
      post(
        sign(razorpay({ secret: 's' }), {
          body: '{"a":1}',
          headers: { 'x-razorpay-event-id': 'e-1' },
        }),
      ),
      ['x-razorpay-event-id'],
    ],
    [
      'twilio (I-Twilio-Idempotency-Token unsigned)',
      twilio({ authToken: 't', publicUrl: 'https://merchant.example' }),
      {
        ...post(
          sign(twilio({ authToken: 't', publicUrl: 'https://merchant.example' }), {
            url: '/sms',
            params: { Body: 'hi', From: '+15550001' },
          }),
        ),
        url: '/sms',
      },
      ['i-twilio-idempotency-token'],
    ],
  ];

  it.each(cases)(
    '%s: a captured delivery re-sent with fresh unsigned headers is replayed',
    async (_, scheme, request, unsigned) => {
      const replayStore = new MemoryReplayStore();
      const first = await accept(scheme, request, { replayStore });
      expect(first.replayClaim?.key).toMatch(new RegExp(`^${scheme.name}:sig:`));
      for (const names of [unsigned, []]) {
        await expect(
          verify(scheme, withFreshUnsignedHeaders(request, names), { replayStore }),
        ).rejects.toMatchObject({ code: 'replayed' });
      }
      // 1,500 such re-sends remember nothing more.
      for (let i = 0; i < 1_500; i++) {
        await verify(scheme, withFreshUnsignedHeaders(request, unsigned), { replayStore }).catch(
          () => {},
        );
      }
      expect(replayStore.size).toBe(1);
    },
  );

  it("refuses Twilio's rearranged form, which its separator-less signed string cannot tell apart", async () => {
    const scheme = twilio({ authToken: 't', publicUrl: 'https://merchant.example' });
    const signed = sign(scheme, { url: '/sms', params: { Body: 'refund 10', From: '+15550001' } });
    const original = { ...post(signed), url: '/sms' };
    // "Body" + "refund 10From+15550001": the same signed string, one field instead of two.
    const rearranged = {
      ...original,
      headers: { ...signed.headers, 'i-twilio-idempotency-token': 'fresh' },
      body: 'Body=refund+10From%2B15550001',
    };
    const replayStore = new MemoryReplayStore();
    await accept(scheme, original, { replayStore });
    await expect(verify(scheme, rearranged, { replayStore })).rejects.toMatchObject({
      code: 'replayed',
    });
  });

  it("keys Stripe on the event id: a re-signed retry is the same delivery, and stripping one of a rolling secret's signatures changes nothing", async () => {
    const [older, newer] = ['whsec_old', 'whsec_new'];
    const scheme = stripe({ secret: [newer, older] });
    const now = () => 1_700_000_000_000;
    const body = '{"id":"evt_123","type":"charge.succeeded"}';
    const signedBoth = (t: number) => {
      const a = sign(stripe({ secret: newer }), { body, timestamp: t }).headers['stripe-signature'];
      const b = sign(stripe({ secret: older }), { body, timestamp: t }).headers['stripe-signature'];
      return { a: a as string, b: b as string };
    };
    const { a, b } = signedBoth(now());
    const request = (header: string) => ({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/json', 'stripe-signature': header },
      body,
    });
    const replayStore = new MemoryReplayStore();
    const first = await accept(scheme, request(`${a},${b.replace(/^t=\d+,/, '')}`), {
      now,
      replayStore,
    });
    expect(first.replayClaim?.key).toBe(`stripe:id:${sha256('evt_123')}`);
    for (const header of [a, b, signedBoth(now() + 60_000).a]) {
      await expect(
        verify(scheme, request(header), { now: () => now() + 60_000, replayStore }),
      ).rejects.toMatchObject({ code: 'replayed' });
    }
  });

  it('keys a Stripe body without an event id on the signed message, whichever key matched', async () => {
    const scheme = stripe({ secret: ['whsec_new', 'whsec_old'] });
    const now = () => 1_700_000_000_000;
    const store = recordingStore();
    for (const secret of ['whsec_new', 'whsec_old']) {
      const signed = sign(stripe({ secret }), { body: '{"object":"event"}', timestamp: now() });
      await verify(scheme, post(signed), { now, replayStore: store }).catch(() => {});
    }
    const [first, second] = store.claims.map(([key]) => key);
    expect(first).toBe(`stripe:msg:${sha256(`${now() / 1000}.{"object":"event"}`)}`);
    expect(second).toBe(first);
  });

  it('keys Slack events on event_id across re-signed retries, and other requests on the digest', async () => {
    const scheme = slack({ signingSecret: 's' });
    const now = () => 1_700_000_000_000;
    const replayStore = new MemoryReplayStore();
    const event = '{"type":"event_callback","event_id":"Ev123"}';
    const first = await accept(scheme, post(sign(scheme, { body: event, timestamp: now() })), {
      now,
      replayStore,
    });
    expect(first.replayClaim?.key).toBe(`slack:id:${sha256('Ev123')}`);
    const retry = sign(scheme, { body: event, timestamp: now() + 3_000 });
    await expect(verify(scheme, post(retry), { now, replayStore })).rejects.toMatchObject({
      code: 'replayed',
    });
    const command = sign(slack({ signingSecret: 's' }), {
      body: 'command=%2Fhi&text=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      timestamp: now(),
    });
    const verified = await verify(scheme, post(command), { now, replayStore });
    expect(verified.replayClaim?.key).toMatch(/^slack:sig:[A-Za-z0-9_-]{43}$/);
  });

  it('keys Standard Webhooks on the signed webhook-id: a re-signed retry is the same delivery', async () => {
    const scheme = standardWebhooks({ secret: 'whsec_c2VjcmV0' });
    const now = () => 1_700_000_000_000;
    const replayStore = new MemoryReplayStore();
    const send = (t: number) =>
      post(sign(scheme, { body: '{"n":1}', headers: { 'webhook-id': 'msg_1' }, timestamp: t }));
    const first = await accept(scheme, send(now()), { now, replayStore });
    expect(first.replayClaim?.key).toBe(`standard-webhooks:id:${sha256('msg_1')}`);
    await expect(verify(scheme, send(now() + 5_000), { now, replayStore })).rejects.toMatchObject({
      code: 'replayed',
    });
  });

  it('treats the signature without padding as the same delivery', async () => {
    const replayStore = new MemoryReplayStore();
    const request = signedCashfree();
    await accept(cashfreeScheme, request, { now: NOW, replayStore });
    const unpadded = {
      ...request,
      headers: {
        ...request.headers,
        'x-webhook-signature': String(request.headers['x-webhook-signature']).replace(/=+$/, ''),
      },
    };
    await expect(verify(cashfreeScheme, unpadded, { now: NOW, replayStore })).rejects.toMatchObject(
      {
        code: 'replayed',
      },
    );
  });

  it("treats Ethoca's double-encoded form of an accepted delivery as a replay", async () => {
    const replayStore = new MemoryReplayStore();
    await accept(ethocaScheme, signedEthoca({ a: 1 }), { now: ETHOCA_NOW, replayStore });
    await expect(
      verify(ethocaScheme, signedEthoca({ a: 1 }, 'double-encoded'), {
        now: ETHOCA_NOW,
        replayStore,
      }),
    ).rejects.toMatchObject({ code: 'replayed' });
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

  it('sizes the replay TTL per scheme: twice the tolerance, or a day when nothing is timestamped', () => {
    expect(cashfreeScheme.replayTtlSeconds).toBe(600);
    expect(cashfree.webhook({ secret: 's', tolerance: 60 }).replayTtlSeconds).toBe(120);
    expect(cashfree.webhook({ secret: 's', tolerance: false }).replayTtlSeconds).toBe(86_400);
    expect(cashfree.subscription({ secret: 's' }).replayTtlSeconds).toBe(86_400);
    expect(cashfree.subscription({ secret: 's', replayTtl: 3600 }).replayTtlSeconds).toBe(3600);
  });

  it('refuses a replayTtl shorter than twice the tolerance at configuration time', () => {
    expect(() => cashfree.webhook({ secret: 's', replayTtl: 599 })).toThrow(TypeError);
    expect(() => cashfree.webhook({ secret: 's', replayTtl: 600 })).not.toThrow();
  });
});
