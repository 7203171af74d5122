import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  hmac,
  MemoryReplayStore,
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

// `route.handleNow` is `route.handle` for adapters that go on in a callback (Fastify's
// hooks): the same outcome and the same refusal, given at once whenever nothing had to wait.

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

/** What a route made of a request, comparable across calls: the outcome or the refusal. */
function described(outcome: unknown): unknown {
  const { kind, handshake, webhook } = outcome as {
    kind: string;
    handshake?: { name: string; reply: unknown };
    webhook?: { payload: unknown; matchedKey: unknown; replayClaim?: unknown };
  };
  return kind === 'handshake'
    ? { kind, name: handshake?.name, reply: handshake?.reply }
    : {
        kind,
        payload: webhook?.payload,
        matchedKey: webhook?.matchedKey,
        claimed: webhook?.replayClaim !== undefined,
      };
}

const refusal = (error: unknown) => ({ refused: (error as { code: string }).code });

/** handleNow on one route: whether it answered at once, and what. */
async function now(options: WebhookRouteOptions, request: WebhookRequest) {
  const route = webhookRoute(scheme, { now: () => NOW, ...options }, ['respond'], 'test');
  try {
    const outcome = route.handleNow(request);
    if (!isPending(outcome)) return { atOnce: true, result: described(outcome) };
    return {
      atOnce: false,
      result: await outcome.then(described, refusal),
    };
  } catch (error) {
    return { atOnce: true, result: refusal(error) };
  }
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

  it('refuses a replay at once with a store in this process', async () => {
    const store = new MemoryReplayStore();
    const route = webhookRoute(scheme, { now: () => NOW, replayStore: store }, ['respond'], 't');
    const first = route.handleNow(REQUESTS.delivery as WebhookRequest);
    if (isPending(first) || first.kind !== 'webhook') throw new Error('expected a webhook now');
    await first.webhook.replayClaim?.commit();
    expect(() => route.handleNow(REQUESTS.delivery as WebhookRequest)).toThrow(
      expect.objectContaining({ code: 'replayed' }),
    );
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
      // A refusal is then a rejection too, published on the error channel.
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
