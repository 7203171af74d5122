import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  hmac,
  MemoryReplayStore,
  paypal,
  queryChallenge,
  type ReplayStore,
  sign,
  signedHandshake,
  textReply,
  VERIFY_CHANNELS,
  type WebhookRequest,
} from '@hookguard/core';
import { isPending, type WebhookRouteOptions, webhookRoute } from '@hookguard/core/adapter';
import { describe, expect, it } from 'vitest';
import { PAYPAL_HEADERS, PAYPAL_NOW, PAYPAL_VECTOR } from '../support/paypal-vector.js';

// `route.handleNow` is `route.handle` for adapters that go on in a callback (Fastify's
// hooks, the Lambda handler): the same outcome and the same refusal, given at once whenever
// nothing had to wait, and a refusal handed back as an outcome, never thrown (decision 172).

const NOW = 1_700_000_000_000;
const SECRET = 'handle-now-secret';

const scheme = hmac({
  name: 'acme',
  secret: SECRET,
  signature: { header: 'x-acme-signature' },
  timestamp: { header: 'x-acme-timestamp', unit: 's' },
  message: '{timestamp}.{body}',
  handshakes: [
    queryChallenge({
      name: 'acme.subscribe',
      arrives: 'GET ?challenge=…',
      challenge: 'challenge',
    }),
    signedHandshake({
      name: 'acme.validate',
      arrives: 'POST {"event":"validate"} (signed)',
      match: { field: 'event', equals: 'validate' },
      reply: () => textReply('validated'),
    }),
  ],
});

function signed(body: unknown, timestamp = NOW): WebhookRequest {
  const message = sign(scheme, { body, timestamp });
  return { method: 'POST', url: '/h', headers: message.headers, body: message.body };
}

const REQUESTS: Record<string, WebhookRequest> = {
  delivery: signed({ id: 'evt_1' }),
  forged: { ...signed({ id: 'evt_1' }), body: '{"id":"evt_2"}' },
  stale: signed({ id: 'evt_3' }, NOW - 3_600_000),
  unsigned: { method: 'POST', url: '/h', headers: {}, body: '{"id":"evt_4"}' },
  'unsigned handshake': { method: 'GET', url: '/h?challenge=c-1', headers: {}, body: '' },
  'signed handshake': signed({ event: 'validate' }),
};

/** A store whose every answer comes later, as Redis's or PostgreSQL's does. */
function laterStore(): ReplayStore {
  const store = new MemoryReplayStore();
  return {
    claim: async (key, token, leaseMs) => store.claim(key, token, leaseMs),
    commit: async (key, token, ttlMs) => store.commit(key, token, ttlMs),
    release: async (key, token) => store.release(key, token),
  };
}

const refusal = (error: unknown) => ({ refused: (error as { code: string }).code });

/** What a route made of a request, comparable across calls: the outcome or the refusal. */
function described(outcome: unknown): unknown {
  const { kind, handshake, webhook, error } = outcome as {
    kind: string;
    handshake?: { name: string; reply: unknown };
    webhook?: { payload: unknown; matchedKey: unknown; replayClaim?: unknown };
    error?: unknown;
  };
  if (kind === 'refused') return refusal(error);
  return kind === 'handshake'
    ? { kind, name: handshake?.name, reply: handshake?.reply }
    : {
        kind,
        payload: webhook?.payload,
        matchedKey: webhook?.matchedKey,
        claimed: webhook?.replayClaim !== undefined,
      };
}

/**
 * handleNow on one route: whether it answered at once, and what. Neither a throw nor a
 * rejection is caught: a refusal must come back as an outcome.
 */
async function now(options: WebhookRouteOptions, request: WebhookRequest) {
  const route = webhookRoute(scheme, { now: () => NOW, ...options }, ['respond'], 'test');
  const outcome = route.handleNow(request);
  if (!isPending(outcome)) return { atOnce: true, result: described(outcome) };
  return { atOnce: false, result: await outcome.then(described) };
}

/** handle on a twin route: the promise every other adapter awaits. */
async function later(options: WebhookRouteOptions, request: WebhookRequest) {
  const route = webhookRoute(scheme, { now: () => NOW, ...options }, ['respond'], 'test');
  return route.handle(request).then(described, refusal);
}

describe('route.handleNow', () => {
  for (const [name, request] of Object.entries(REQUESTS)) {
    it(`gives what handle gives, at once, without a store or with one in this process: ${name}`, async () => {
      for (const options of [{}, { replayStore: new MemoryReplayStore() }]) {
        const answered = await now(options, request);
        expect(answered.atOnce).toBe(true);
        expect(answered.result).toEqual(
          await later({ replayStore: options.replayStore && new MemoryReplayStore() }, request),
        );
      }
    });
  }

  it('waits for a store that answers later, and refuses a forged request before asking it', async () => {
    const delivery = await now({ replayStore: laterStore() }, REQUESTS.delivery as WebhookRequest);
    expect(delivery).toEqual({
      atOnce: false,
      result: await later({ replayStore: laterStore() }, REQUESTS.delivery as WebhookRequest),
    });
    expect(delivery.result).toMatchObject({ kind: 'webhook', claimed: true });
    expect(await now({ replayStore: laterStore() }, REQUESTS.forged as WebhookRequest)).toEqual({
      atOnce: true,
      result: { refused: 'invalid_signature' },
    });
  });

  it('refuses a replay at once with a store in this process, as an outcome', async () => {
    const store = new MemoryReplayStore();
    const route = webhookRoute(scheme, { now: () => NOW, replayStore: store }, ['respond'], 't');
    const first = route.handleNow(REQUESTS.delivery as WebhookRequest);
    if (isPending(first) || first.kind !== 'webhook') throw new Error('expected a webhook now');
    await first.webhook.replayClaim?.commit();
    const again = route.handleNow(REQUESTS.delivery as WebhookRequest);
    expect(again).toEqual({
      kind: 'refused',
      error: expect.objectContaining({ name: 'WebhookVerificationError', code: 'replayed' }),
    });
  });

  it('hands back a refusal found after waiting as an outcome too: a replay a later store refuses', async () => {
    const store = laterStore();
    const route = webhookRoute(scheme, { now: () => NOW, replayStore: store }, ['respond'], 't');
    const first = await route.handleNow(REQUESTS.delivery as WebhookRequest);
    if (first.kind !== 'webhook') throw new Error('expected a webhook');
    await first.webhook.replayClaim?.commit();
    const again = route.handleNow(REQUESTS.delivery as WebhookRequest);
    expect(isPending(again)).toBe(true);
    expect(await again).toEqual({
      kind: 'refused',
      error: expect.objectContaining({ name: 'WebhookVerificationError', code: 'replayed' }),
    });
  });

  it('hands back a refusal found while fetching a key as an outcome too', async () => {
    // PayPal's certificate is fetched before the signature can be checked; here it cannot be.
    const offline = async (): Promise<never> => {
      throw new Error('offline');
    };
    const route = webhookRoute(
      paypal({ webhookId: PAYPAL_VECTOR.webhookId, fetch: offline }),
      { now: () => PAYPAL_NOW },
      ['respond'],
      't',
    );
    const outcome = route.handleNow({
      method: 'POST',
      url: '/webhooks/paypal',
      headers: PAYPAL_HEADERS,
      body: PAYPAL_VECTOR.body,
    });
    expect(isPending(outcome)).toBe(true);
    expect(await outcome).toEqual({
      kind: 'refused',
      error: expect.objectContaining({ name: 'WebhookVerificationError', code: 'key_unavailable' }),
    });
  });

  it('hands back refusals with the message and status handle rejects with', async () => {
    for (const name of ['forged', 'stale', 'unsigned']) {
      const request = REQUESTS[name] as WebhookRequest;
      const route = webhookRoute(scheme, { now: () => NOW }, ['respond'], 'test');
      const outcome = route.handleNow(request);
      if (isPending(outcome) || outcome.kind !== 'refused') throw new Error(`${name}: not refused`);
      const rejected = await route.handle(request).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(outcome.error).toBeInstanceOf(Error);
      expect(outcome.error).toMatchObject({
        code: (rejected as { code: string }).code,
        status: (rejected as { status: number }).status,
        message: (rejected as Error).message,
      });
    }
  });

  it('still throws what is no refusal: a request that is not one', () => {
    const route = webhookRoute(scheme, { now: () => NOW }, ['respond'], 'test');
    expect(() => route.handleNow(null as unknown as WebhookRequest)).toThrow(TypeError);
  });

  it('logs what handle logs', async () => {
    const lines = (run: (options: WebhookRouteOptions) => Promise<unknown>) => {
      const logged: unknown[] = [];
      const record = (level: string) => (fields: object, message: string) =>
        logged.push([level, fields, message]);
      const logger = { warn: record('warn'), info: record('info'), debug: record('debug') };
      return run({ logger }).then(() => logged);
    };
    for (const name of ['delivery', 'signed handshake', 'unsigned handshake']) {
      const request = REQUESTS[name] as WebhookRequest;
      const fromNow = await lines((options) => now(options, request));
      expect(fromNow).toEqual(await lines((options) => later(options, request)));
      expect(fromNow).toHaveLength(1);
    }
  });

  it('is the traced promise while anyone listens on the diagnostics channels', async () => {
    const seen: string[] = [];
    const onEnd = () => seen.push('end');
    const onError = () => seen.push('error');
    subscribe(VERIFY_CHANNELS.end, onEnd);
    subscribe(VERIFY_CHANNELS.error, onError);
    try {
      const delivery = await now({}, REQUESTS.delivery as WebhookRequest);
      expect(seen).toEqual(['end']);
      expect(delivery).toEqual({
        atOnce: false,
        result: await later({}, REQUESTS.delivery as WebhookRequest),
      });
      // A refusal is then a promise of the refused outcome, published on the error channel.
      seen.length = 0;
      expect(await now({}, REQUESTS.forged as WebhookRequest)).toEqual({
        atOnce: false,
        result: { refused: 'invalid_signature' },
      });
      expect(seen).toEqual(['error']);
    } finally {
      unsubscribe(VERIFY_CHANNELS.end, onEnd);
      unsubscribe(VERIFY_CHANNELS.error, onError);
    }
  });
});
