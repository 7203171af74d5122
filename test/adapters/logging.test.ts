import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  cashfree,
  sign,
  VERIFY_CHANNELS,
  type VerifyErrorMessage,
  type WebhookLogger,
} from '@hookguard/core';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { ADAPTERS, type RunningApp } from '../support/adapters.js';

// The `logger` option and the diagnostics channels through every adapter: each refusal,
// whichever step made it (the head check, the body read, verification), is logged once at
// warn with its code and the request's x-request-id, and published once on the error
// channel; an accepted delivery is logged at debug.

const SECRET = 'cfsk_ma_test_logging_secret';
const NOW = 1_700_000_000_000;
const scheme = cashfree.webhook({ secret: SECRET });

type Line = [level: string, fields: Record<string, unknown>, message: string];

for (const adapter of ADAPTERS) {
  describe(`${adapter.name} adapter, with a logger`, () => {
    let app: RunningApp | undefined;
    afterEach(async () => {
      await app?.close();
      app = undefined;
    });

    it('logs refusals at warn with code and request id, once each on the error channel, and accepted deliveries at debug', async () => {
      const lines: Line[] = [];
      const record = (level: string) => (fields: object, message: string) =>
        lines.push([level, fields as Record<string, unknown>, message]);
      const logger: WebhookLogger = {
        warn: record('warn'),
        info: record('info'),
        debug: record('debug'),
      };
      app = await adapter.start([{ path: '/hook', scheme, now: () => NOW, limit: 2048, logger }]);
      const target = app;
      const errors: VerifyErrorMessage[] = [];
      const onError = (message: unknown) => errors.push({ ...(message as VerifyErrorMessage) });
      subscribe(VERIFY_CHANNELS.error, onError);
      const good = sign(scheme, { body: { type: 'PAYMENT_SUCCESS_WEBHOOK' }, timestamp: NOW });
      const send = (id: string, headers: Record<string, string>, body: string) =>
        request(target.server)
          .post('/hook')
          .set({ ...good.headers, 'x-request-id': id, ...headers })
          .send(body);
      try {
        expect((await send('req-ok', {}, good.body as string)).status).toBe(200);
        expect((await send('req-forged', {}, '{"type":"FORGED"}')).status).toBe(401);
        const large = sign(scheme, { body: { pad: 'x'.repeat(4096) }, timestamp: NOW });
        expect((await send('req-large', large.headers, large.body as string)).status).toBe(413);
        const text = { 'content-type': 'text/plain' };
        expect((await send('req-type', text, good.body as string)).status).toBe(415);
      } finally {
        unsubscribe(VERIFY_CHANNELS.error, onError);
      }
      expect(lines).toEqual([
        [
          'debug',
          { provider: 'cashfree.webhook', matchedKey: 0, replay: 'off', requestId: 'req-ok' },
          '[hookguard] cashfree.webhook: verified.',
        ],
        [
          'warn',
          {
            provider: 'cashfree.webhook',
            code: 'invalid_signature',
            status: 401,
            requestId: 'req-forged',
          },
          expect.stringMatching(/^\[hookguard\] cashfree\.webhook: /),
        ],
        [
          'warn',
          {
            provider: 'cashfree.webhook',
            code: 'body_too_large',
            status: 413,
            requestId: 'req-large',
          },
          expect.stringMatching(/^\[hookguard\] cashfree\.webhook: /),
        ],
        [
          'warn',
          {
            provider: 'cashfree.webhook',
            code: 'unsupported_media_type',
            status: 415,
            requestId: 'req-type',
          },
          expect.stringMatching(/^\[hookguard\] cashfree\.webhook: /),
        ],
      ]);
      expect(errors.map(({ code, stage }) => [code, stage])).toEqual([
        ['invalid_signature', 'verify'],
        ['body_too_large', 'read'],
        ['unsupported_media_type', 'read'],
      ]);
    });
  });
}
