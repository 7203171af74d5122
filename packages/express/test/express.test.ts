import {
  cashfree,
  ethoca,
  sign,
  uicheck,
  type VerifiedWebhook,
  WebhookVerificationError,
} from '@hookguard/core';
import { verifiedWebhook, webhook } from '@hookguard/express';
import express, { type ErrorRequestHandler } from 'express';
import request from 'supertest';
import { describe, expect, expectTypeOf, it } from 'vitest';

const NOW = 1_700_000_000_000;
const scheme = cashfree.webhook({ secret: 'secret' });
const message = sign(scheme, { body: { type: 'PAYMENT_SUCCESS_WEBHOOK' }, timestamp: NOW });

function appWith(setup: (app: express.Express) => void) {
  const app = express();
  setup(app);
  return app;
}

describe('@hookguard/express', () => {
  it('answers body_already_parsed (500) with the fix when express.json() ran first, without hanging', async () => {
    let called = false;
    const app = appWith((a) => {
      a.use(express.json());
      a.post('/hook', webhook(scheme, { now: () => NOW }), (_req, res) => {
        called = true;
        res.end();
      });
    });
    const response = await request(app)
      .post('/hook')
      .set(message.headers)
      .send(message.body as string)
      .timeout(5000);
    expect(response.status).toBe(500);
    expect(response.body.error.code).toBe('body_already_parsed');
    expect(response.body.error.message).toMatch(
      /Mount webhook\(scheme\) on the route before any body parser/,
    );
    expect(called).toBe(false);
  });

  it('uses req.rawBody when a body parser kept the bytes', async () => {
    const app = appWith((a) => {
      a.use(
        express.json({
          verify: (req, _res, buf) => {
            (req as express.Request & { rawBody?: Buffer }).rawBody = buf;
          },
        }),
      );
      a.post('/hook', webhook(scheme, { now: () => NOW }), (req, res) => {
        res.json(req.webhook?.payload);
      });
    });
    const response = await request(app)
      .post('/hook')
      .set(message.headers)
      .send(message.body as string);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ type: 'PAYMENT_SUCCESS_WEBHOOK' });
  });

  it("passes the error to next(err) with errors: 'next'", async () => {
    const seen: unknown[] = [];
    const handler: ErrorRequestHandler = (error, _req, res, _next) => {
      seen.push(error);
      res.status(418).end();
    };
    const app = appWith((a) => {
      a.post('/hook', webhook(scheme, { now: () => NOW, errors: 'next' }), (_req, res) => {
        res.end();
      });
      a.use(handler);
    });
    const response = await request(app).post('/hook').set(message.headers).send('{"forged":true}');
    expect(response.status).toBe(418);
    expect(seen[0]).toBeInstanceOf(WebhookVerificationError);
    expect(seen[0]).toMatchObject({ code: 'invalid_signature', status: 401 });
  });

  it('signs the full path when mounted on a router (req.originalUrl)', async () => {
    const eth = ethoca({ keys: { k1: 'secret' }, publicUrl: 'https://merchant.com' });
    const router = express.Router();
    router.post('/orders', webhook(eth, { now: () => 0 }), (req, res) => {
      res.json(req.webhook?.payload);
    });
    const app = appWith((a) => a.use('/api', router));
    const signed = sign(eth, { url: '/api/orders?x=1', body: { a: 1 } }, { now: () => 0 });
    const response = await request(app)
      .post('/api/orders?x=1')
      .set(signed.headers)
      .send(signed.body as string);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  });

  it('passes errors that are not verification failures to next(err)', async () => {
    const seen: unknown[] = [];
    const brokenClock = () => {
      throw new Error('clock broke');
    };
    const app = appWith((a) => {
      a.post('/hook', webhook(scheme, { now: brokenClock }), (_req, res) => {
        res.end();
      });
      a.use(((error, _req, res, _next) => {
        seen.push(error);
        res.status(599).end();
      }) as ErrorRequestHandler);
    });
    const response = await request(app)
      .post('/hook')
      .set(message.headers)
      .send(message.body as string);
    expect(response.status).toBe(599);
    expect(String(seen[0])).toContain('clock broke');
  });

  it('answers 503 replay_store_unavailable when the replay store fails, without calling the handler', async () => {
    let called = false;
    const failingStore = {
      claim: () => Promise.reject(new Error('store down')),
      commit: async () => true,
      release: async () => true,
    };
    const app = appWith((a) => {
      a.post(
        '/hook',
        webhook(scheme, { now: () => NOW, replayStore: failingStore, warn: () => {} }),
        (_req, res) => {
          called = true;
          res.end();
        },
      );
    });
    const response = await request(app)
      .post('/hook')
      .set(message.headers)
      .send(message.body as string);
    expect([response.status, response.body.error.code]).toEqual([503, 'replay_store_unavailable']);
    expect(called).toBe(false);
  });

  it('returns a named middleware', () => {
    expect(webhook(scheme).name).toBe('hookguardWebhook');
  });

  it('throws a TypeError at creation for bad configuration', () => {
    expect(() => webhook(uicheck({ id: 'i', secret: 's' }) as never)).toThrow(TypeError);
    expect(() => webhook(scheme, { limit: 0 })).toThrow(TypeError);
    expect(() => webhook(scheme, { errors: 'throw' as never })).toThrow(TypeError);
    expect(() => webhook(scheme, { replayStore: {} as never })).toThrow(TypeError);
  });

  it('types req.webhook through the global augmentation, and verifiedWebhook by scheme', () => {
    interface Payment {
      type: string;
    }
    const typed = cashfree.webhook<Payment>({ secret: 's' });
    expectTypeOf<express.Request['webhook']>().toEqualTypeOf<VerifiedWebhook | undefined>();
    expectTypeOf(verifiedWebhook<Payment>).returns.toEqualTypeOf<VerifiedWebhook<Payment>>();
    const handler = (req: express.Request) => verifiedWebhook(req, typed).payload.type;
    expectTypeOf(handler).returns.toEqualTypeOf<string>();
    expect(() => verifiedWebhook({} as express.Request)).toThrow(/mount webhook\(scheme\)/);
  });
});
