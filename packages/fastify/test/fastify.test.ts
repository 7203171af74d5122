import {
  awsSns,
  cashfree,
  sign,
  type VerifiedWebhook,
  WebhookVerificationError,
} from '@hookguard/core';
import { hookguardPlugin, verifiedWebhook } from '@hookguard/fastify';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { describe, expect, expectTypeOf, it } from 'vitest';

const NOW = 1_700_000_000_000;
const scheme = cashfree.webhook({ secret: 'secret' });
const formScheme = cashfree.subscription({ secret: 'secret' });
const message = sign(scheme, { body: { type: 'PAYMENT_SUCCESS_WEBHOOK' }, timestamp: NOW });

async function appWith(
  setup: (app: FastifyInstance) => void | Promise<void>,
  withPlugin = true,
): Promise<FastifyInstance> {
  const app = Fastify();
  if (withPlugin) await app.register(hookguardPlugin, { now: () => NOW });
  await setup(app);
  await app.ready();
  return app;
}

const ordinaryRoutes = (app: FastifyInstance) => {
  app.post('/ordinary', async (request) => ({
    body: request.body ?? null,
    webhook: request.webhook ?? null,
  }));
};

describe('@hookguard/fastify leaves other routes as they were', () => {
  const requests: [string, { payload: string; headers: Record<string, string> }][] = [
    ['valid JSON', { payload: '{"a":[1,2.50]}', headers: { 'content-type': 'application/json' } }],
    [
      'JSON with a charset',
      { payload: '{"a":1}', headers: { 'content-type': 'application/json; charset=utf-8' } },
    ],
    ['invalid JSON', { payload: '{"a":', headers: { 'content-type': 'application/json' } }],
    ['an empty JSON body', { payload: '', headers: { 'content-type': 'application/json' } }],
    [
      'a __proto__ key',
      { payload: '{"__proto__":{"x":1}}', headers: { 'content-type': 'application/json' } },
    ],
    [
      'a constructor.prototype key',
      {
        payload: '{"constructor":{"prototype":{"x":1}}}',
        headers: { 'content-type': 'application/json' },
      },
    ],
    [
      'a form body',
      { payload: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    ],
    [
      'a +json body',
      { payload: '{"a":1}', headers: { 'content-type': 'application/vnd.api+json' } },
    ],
    ['plain text', { payload: 'hello', headers: { 'content-type': 'text/plain' } }],
  ];
  it.each(requests)('answers %s exactly as without the plugin', async (_, sent) => {
    const plain = await appWith(ordinaryRoutes, false);
    const withPlugin = await appWith(ordinaryRoutes);
    const [expected, actual] = await Promise.all(
      [plain, withPlugin].map((app) => app.inject({ method: 'POST', url: '/ordinary', ...sent })),
    );
    expect(actual?.statusCode).toBe(expected?.statusCode);
    expect(actual?.json()).toEqual(expected?.json());
  });

  it('honours the instance poisoning options on other routes', async () => {
    const app = Fastify({ onProtoPoisoning: 'remove' });
    await app.register(hookguardPlugin);
    ordinaryRoutes(app);
    const response = await app.inject({
      method: 'POST',
      url: '/ordinary',
      payload: '{"__proto__":{"x":1},"a":1}',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.json().body).toEqual({ a: 1 });
  });
});

describe('@hookguard/fastify webhook routes', () => {
  it('runs schema validation and later preValidation hooks on the verified payload', async () => {
    const seenByHook: unknown[] = [];
    const app = await appWith((a) => {
      a.post(
        '/hook',
        {
          config: { webhook: scheme },
          schema: {
            body: {
              type: 'object',
              required: ['type'],
              properties: { type: { const: 'PAYMENT_SUCCESS_WEBHOOK' } },
            },
          },
          preValidation: async (request) => {
            seenByHook.push(request.webhook?.provider);
          },
        },
        async (request) => ({ body: request.body }),
      );
    });
    const response = await app.inject({
      method: 'POST',
      url: '/hook',
      headers: message.headers,
      payload: message.body as string,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ body: { type: 'PAYMENT_SUCCESS_WEBHOOK' } });
    expect(seenByHook).toEqual(['cashfree.webhook']);
  });

  it("hands the error to the instance error handler with errors: 'throw'", async () => {
    const seen: unknown[] = [];
    const app = await appWith((a) => {
      a.setErrorHandler((error, _request, reply) => {
        seen.push(error);
        return reply.code(418).send();
      });
      a.post('/hook', { config: { webhook: { scheme, errors: 'throw' } } }, async () => 'handled');
    });
    const forged = await app.inject({
      method: 'POST',
      url: '/hook',
      headers: message.headers,
      payload: '{"forged":1}',
    });
    expect(forged.statusCode).toBe(418);
    expect(seen[0]).toBeInstanceOf(WebhookVerificationError);
    const tooLarge = await app.inject({
      method: 'POST',
      url: '/hook',
      headers: message.headers,
      payload: `{"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`,
    });
    expect(tooLarge.statusCode).toBe(418);
    expect(seen[1]).toMatchObject({ code: 'body_too_large' });
  });

  it('keeps a route error handler for errors that are not about the body', async () => {
    const app = await appWith((a) => {
      a.post(
        '/hook',
        {
          config: { webhook: scheme },
          errorHandler: (_error, _request, reply) => reply.code(299).send({ mine: true }),
        },
        async () => {
          throw new Error('handler failed');
        },
      );
    });
    const response = await app.inject({
      method: 'POST',
      url: '/hook',
      headers: message.headers,
      payload: message.body as string,
    });
    expect([response.statusCode, response.json()]).toEqual([299, { mine: true }]);
  });

  it('answers body_already_parsed when a form parser registered earlier took the body', async () => {
    const app = Fastify();
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    await app.register(hookguardPlugin);
    app.post('/form', { config: { webhook: formScheme } }, async () => 'handled');
    const signed = sign(formScheme, { fields: { cf_a: '1' } });
    const response = await app.inject({
      method: 'POST',
      url: '/form',
      headers: signed.headers,
      payload: signed.body as string,
    });
    expect(response.statusCode).toBe(500);
    expect(response.json().error.code).toBe('body_already_parsed');
  });

  it('explains the conflict when a custom JSON parser is already registered', async () => {
    const app = Fastify();
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    await expect(app.register(hookguardPlugin).ready()).rejects.toThrow(
      /custom JSON parser is already registered/,
    );
  });

  it('refuses a bad config.webhook when the route is registered', async () => {
    const app = Fastify();
    await app.register(hookguardPlugin);
    expect(() =>
      app.post('/x', { config: { webhook: { scheme: {} as never } } }, async () => ''),
    ).toThrow(TypeError);
    expect(() =>
      app.post('/y', { config: { webhook: { scheme, errors: 'next' as never } } }, async () => ''),
    ).toThrow(TypeError);
  });

  it('sets request.webhook to null on other routes, and types it', async () => {
    const app = await appWith(ordinaryRoutes);
    const response = await app.inject({
      method: 'POST',
      url: '/ordinary',
      payload: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.json().webhook).toBeNull();
    expectTypeOf<FastifyRequest['webhook']>().toEqualTypeOf<VerifiedWebhook | null>();
    interface Payment {
      type: string;
    }
    const typed = cashfree.webhook<Payment>({ secret: 's' });
    expectTypeOf(
      (request: FastifyRequest) => verifiedWebhook(request, typed).payload.type,
    ).returns.toEqualTypeOf<string>();
    expect(() => verifiedWebhook({ webhook: null } as FastifyRequest)).toThrow(
      /config: \{ webhook: scheme \}/,
    );
  });
});

describe('@hookguard/fastify and text/plain (AWS SNS posts its JSON as text)', () => {
  const snsScheme = awsSns({ topicArn: 'arn:aws:sns:us-east-1:123456789012:orders' });
  const snsBody = '{"Type":"Notification"}';

  it('answers other routes’ text exactly as Fastify does, multi-byte characters included', async () => {
    const sent = {
      payload: 'héllo, 世界 🚚',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    };
    const plain = await appWith(ordinaryRoutes, false);
    const withPlugin = await appWith(ordinaryRoutes);
    const [expected, actual] = await Promise.all(
      [plain, withPlugin].map((app) => app.inject({ method: 'POST', url: '/ordinary', ...sent })),
    );
    expect(actual?.json()).toEqual(expected?.json());
    expect(actual?.json().body).toBe('héllo, 世界 🚚');
  });

  it('keeps the raw text for a webhook route that takes it', async () => {
    const app = await appWith((a) => {
      a.post('/sns', { config: { webhook: snsScheme } }, async () => ({ handled: true }));
    });
    const response = await app.inject({
      method: 'POST',
      url: '/sns',
      headers: { 'content-type': 'text/plain; charset=UTF-8' },
      payload: snsBody,
    });
    // Read as raw bytes and verified: refused for what it is (no signature), not as parsed.
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('malformed_request');
  });

  it("leaves a text/plain parser of the user's own in place; a webhook route then says why it cannot verify", async () => {
    const app = Fastify();
    app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) =>
      done(null, `custom:${String(body)}`),
    );
    await app.register(hookguardPlugin);
    ordinaryRoutes(app);
    app.post('/sns', { config: { webhook: snsScheme } }, async () => ({ handled: true }));
    await app.ready();
    const ordinary = await app.inject({
      method: 'POST',
      url: '/ordinary',
      headers: { 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(ordinary.json().body).toBe('custom:x');
    const webhook = await app.inject({
      method: 'POST',
      url: '/sns',
      headers: { 'content-type': 'text/plain' },
      payload: snsBody,
    });
    expect(webhook.statusCode).toBe(500);
    expect(webhook.json().error.code).toBe('body_already_parsed');
  });
});
