import { cashfree, sign, type VerifiedWebhook, WebhookVerificationError } from '@hookguard/core';
import { verifiedWebhook, webhook } from '@hookguard/koa';
import Koa from 'koa';
import request from 'supertest';
import { describe, expect, expectTypeOf, it } from 'vitest';

const NOW = 1_700_000_000_000;
const scheme = cashfree.webhook<{ type: string }>({ secret: 'secret' });
const message = sign(scheme, { body: { type: 'PAYMENT_SUCCESS_WEBHOOK' }, timestamp: NOW });

// What the shared suites (test/adapters) cannot say: Koa's own error flow and middleware order.

describe('@hookguard/koa', () => {
  it('sets ctx.state.webhook, typed by verifiedWebhook, and runs the next middleware', async () => {
    const app = new Koa();
    app.use(webhook(scheme, { now: () => NOW }));
    app.use((ctx) => {
      const verified = verifiedWebhook(ctx, scheme);
      expectTypeOf(verified.payload).toEqualTypeOf<{ type: string }>();
      ctx.body = { type: verified.payload.type };
    });
    const response = await request(app.callback())
      .post('/hook')
      .set(message.headers)
      .send(message.body as string);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ type: 'PAYMENT_SUCCESS_WEBHOOK' });
  });

  it("answers a refusal in hookguard's JSON shape, and never calls the next middleware", async () => {
    let called = false;
    const app = new Koa();
    app.use(webhook(scheme, { now: () => NOW }));
    app.use(() => {
      called = true;
    });
    const response = await request(app.callback())
      .post('/hook')
      .set(message.headers)
      .send((message.body as string).replace('SUCCESS', 'FAILED'));
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('invalid_signature');
    expect(called).toBe(false);
  });

  it("errors: 'throw' hands the WebhookVerificationError to the app's error middleware", async () => {
    const seen: unknown[] = [];
    const app = new Koa();
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        seen.push(error);
        ctx.status = 418;
        ctx.body = 'handled';
      }
    });
    app.use(webhook(scheme, { now: () => NOW, errors: 'throw' }));
    const response = await request(app.callback()).post('/hook').set(message.headers).send('{}');
    expect(response.status).toBe(418);
    expect(seen[0]).toBeInstanceOf(WebhookVerificationError);
    expect((seen[0] as WebhookVerificationError).code).toBe('invalid_signature');
  });

  it('answers body_already_parsed (500) with the fix when a body parser read first, without hanging', async () => {
    const app = new Koa();
    // What @koa/bodyparser and koa-body do: read the whole stream before the route.
    app.use(async (ctx, next) => {
      for await (const _chunk of ctx.req);
      await next();
    });
    app.use(webhook(scheme, { now: () => NOW }));
    const response = await request(app.callback())
      .post('/hook')
      .set(message.headers)
      .send(message.body as string)
      .timeout(5000);
    expect(response.status).toBe(500);
    expect(response.body.error.code).toBe('body_already_parsed');
    expect(response.body.error.message).toMatch(/before any body parser/);
  });

  it('says how to wire it when verifiedWebhook runs without the middleware', () => {
    expect(() => verifiedWebhook({ state: {} })).toThrow(
      /mount webhook\(scheme\) before this middleware/,
    );
  });

  it('refuses a bad option when the middleware is made, not on the first delivery', () => {
    // @ts-expect-error: 'next' is Express's style, not Koa's.
    expect(() => webhook(scheme, { errors: 'next' })).toThrow(
      /errors must be 'respond' or 'throw'/,
    );
  });
});

// The payload type flows from the scheme; a plain VerifiedWebhook is unknown.
expectTypeOf<VerifiedWebhook['payload']>().toBeUnknown();
