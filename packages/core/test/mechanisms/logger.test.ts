import {
  MemoryReplayStore,
  type ReplayStore,
  sign,
  slack,
  stripe,
  type WebhookLogger,
  type WebhookRequest,
} from '@hookguard/core';
import { REQUEST_ID_HEADER, webhookRoute } from '@hookguard/core/adapter';
import { describe, expect, it } from 'vitest';

// The adapter kit's `logger` option, on the route every adapter builds: what is logged at
// which level, with which fields, and where the replay store's warnings go.

const NOW = 1_700_000_000_000;
const now = () => NOW;
const SECRET = 'whsec_logger_test';
const scheme = stripe({ secret: ['whsec_logger_new', SECRET] });

function delivery(headers: Record<string, string | string[]> = {}): WebhookRequest {
  const signed = sign(stripe({ secret: SECRET }), { body: { id: 'evt_log' }, timestamp: NOW });
  return {
    method: 'POST',
    url: '/hooks',
    headers: { ...signed.headers, ...headers },
    body: signed.body,
  };
}

type Line = [level: string, fields: Record<string, unknown>, message: string];

/** A logger that records each line, pino-style: `(fields, message)`. */
function recordingLogger(
  levels: readonly ('warn' | 'info' | 'debug')[] = ['warn', 'info', 'debug'],
) {
  const lines: Line[] = [];
  const logger = Object.fromEntries(
    levels.map((level) => [
      level,
      (fields: Record<string, unknown>, message: string) => lines.push([level, fields, message]),
    ]),
  ) as unknown as WebhookLogger;
  return { logger, lines };
}

describe('a route with a logger', () => {
  it('logs an accepted delivery at debug: provider, matched key, replay status, request id', async () => {
    const { logger, lines } = recordingLogger();
    const route = webhookRoute(scheme, { now, logger }, ['respond'], 't');
    await route.handle(delivery({ [REQUEST_ID_HEADER]: 'req-42' }));
    await route.verify(delivery());
    expect(lines).toEqual([
      [
        'debug',
        { provider: 'stripe', matchedKey: 1, replay: 'off', requestId: 'req-42' },
        '[hookguard] stripe: verified.',
      ],
      [
        'debug',
        { provider: 'stripe', matchedKey: 1, replay: 'off' },
        '[hookguard] stripe: verified.',
      ],
    ]);
  });

  it('says claimed when the delivery was claimed in the replay store', async () => {
    const { logger, lines } = recordingLogger();
    const route = webhookRoute(
      scheme,
      { now, logger, replayStore: new MemoryReplayStore() },
      ['respond'],
      't',
    );
    await route.handle(delivery());
    expect(lines[0]?.[1]).toMatchObject({ replay: 'claimed' });
  });

  it('logs a refusal at warn with code, status, provider, the request id and the message', async () => {
    const { logger, lines } = recordingLogger();
    const route = webhookRoute(scheme, { now, logger }, ['respond'], 't');
    const error = await route
      .handle({ ...delivery(), body: '{"forged":true}' })
      .catch((refusal: unknown) => refusal);
    route.refused(error as never, ['req-7', 'req-8']);
    expect(lines).toEqual([
      [
        'warn',
        { provider: 'stripe', code: 'invalid_signature', status: 401, requestId: 'req-7' },
        (error as Error).message,
      ],
    ]);
  });

  it('keeps at most 128 characters of the request id, and none of an empty one', () => {
    const { logger, lines } = recordingLogger();
    const route = webhookRoute(scheme, { now, logger }, ['respond'], 't');
    const error = Object.assign(new Error('x'), { code: 'body_too_large', status: 413 });
    route.refused(error as never, 'r'.repeat(500));
    route.refused(error as never, '');
    route.refused(error as never, null);
    expect(lines.map(([, fields]) => fields.requestId)).toEqual([
      'r'.repeat(128),
      undefined,
      undefined,
    ]);
  });

  it('logs an answered handshake at info, and a passed one at debug', async () => {
    const slackScheme = slack({ signingSecret: SECRET });
    const message = sign(slackScheme, {
      body: { type: 'url_verification', challenge: 'ch-1', token: 'x' },
      timestamp: NOW,
    });
    const request = { method: 'POST', url: '/s', headers: message.headers, body: message.body };
    const { logger, lines } = recordingLogger();
    await webhookRoute(slackScheme, { now, logger }, ['respond'], 't').handle(request);
    await webhookRoute(slackScheme, { now, logger, handshakes: 'pass' }, ['respond'], 't').handle(
      request,
    );
    expect(lines).toEqual([
      [
        'info',
        { provider: 'slack', handshake: 'slack.url_verification' },
        '[hookguard] slack: answered the slack.url_verification handshake.',
      ],
      [
        'debug',
        { provider: 'slack', matchedKey: 0, replay: 'off', handshake: 'slack.url_verification' },
        '[hookguard] slack: verified.',
      ],
    ]);
  });

  it('needs only warn: without info and debug, accepted deliveries are not logged', async () => {
    const { logger, lines } = recordingLogger(['warn']);
    const route = webhookRoute(scheme, { now, logger }, ['respond'], 't');
    await route.handle(delivery());
    expect(lines).toEqual([]);
  });

  it("sends the replay store's warnings to the logger's warn when no warn is given", async () => {
    const down: ReplayStore = {
      claim: () => Promise.reject(new Error('ECONNREFUSED')),
      commit: async () => true,
      release: async () => true,
    };
    const { logger, lines } = recordingLogger(['warn']);
    const route = webhookRoute(
      scheme,
      { now, logger, replayStore: down, failOpen: true },
      ['respond'],
      't',
    );
    await route.handle(delivery());
    expect(lines).toHaveLength(1);
    expect(lines[0]?.[1]).toEqual({ provider: 'stripe' });
    expect(lines[0]?.[2]).toMatch(/WITHOUT replay protection/);

    const warnings: string[] = [];
    const explicit = webhookRoute(
      scheme,
      { now, logger, replayStore: down, failOpen: true, warn: (text) => warnings.push(text) },
      ['respond'],
      't',
    );
    await explicit.handle(delivery());
    expect([lines.length, warnings.length]).toEqual([1, 1]);
  });

  it('refuses a logger without a warn method when the route is set up', () => {
    for (const logger of [null, 'pino', { info() {} }]) {
      expect(() =>
        webhookRoute(scheme, { logger: logger as never }, ['respond'], 'webhook()'),
      ).toThrow(/webhook\(\): logger must have pino's warn\(fields, message\) method/);
    }
  });
});
