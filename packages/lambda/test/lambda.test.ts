import {
  MemoryReplayStore,
  sign,
  stripe,
  type VerifiedWebhook,
  WebhookVerificationError,
} from '@hookguard/core';
import { type LambdaHttpEvent, webhookHandler } from '@hookguard/lambda';
import type {
  ALBEvent,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  LambdaFunctionURLEvent,
} from 'aws-lambda';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { httpApiEvent, restApiEvent } from '../../../test/support/lambda-events.js';

// What the shared suites (test/adapters, through four event shapes) cannot say: the
// handler's contract with Lambda — its result, a throw, and the replay claim settled
// before the function returns.

const NOW = 1_700_000_000_000;
const scheme = stripe<{ id: string }>({ secret: 'whsec_lambda_test' });

function delivery(id = 'evt_1') {
  const signed = sign(scheme, { body: { id }, timestamp: NOW });
  return {
    method: 'POST',
    url: '/webhooks/stripe',
    rawHeaders: Object.entries(signed.headers).flat(),
    body: Buffer.from(signed.body as string),
  };
}

describe('@hookguard/lambda', () => {
  it("takes @types/aws-lambda's four event shapes as they are", () => {
    expectTypeOf<APIGatewayProxyEvent>().toExtend<LambdaHttpEvent>();
    expectTypeOf<APIGatewayProxyEventV2>().toExtend<LambdaHttpEvent>();
    expectTypeOf<LambdaFunctionURLEvent>().toExtend<LambdaHttpEvent>();
    expectTypeOf<ALBEvent>().toExtend<LambdaHttpEvent>();
  });

  it('answers a plain 200 when the handler returns nothing, and commits the claim', async () => {
    const replayStore = new MemoryReplayStore();
    const seen: VerifiedWebhook<{ id: string }>[] = [];
    const handler = webhookHandler(
      scheme,
      (webhook) => {
        seen.push(webhook);
      },
      { replayStore, now: () => NOW },
    );
    const event = httpApiEvent(delivery());
    expect(await handler(event, {})).toMatchObject({ statusCode: 200, body: '' });
    expect(seen[0]?.payload).toEqual({ id: 'evt_1' });
    // Committed before the function returned: the copy is a replay.
    const replay = await handler(event, {});
    expect([replay.statusCode, JSON.parse(replay.body as string).error.code]).toEqual([
      401,
      'replayed',
    ]);
  });

  it("releases the claim when the handler throws or answers 5xx, so the vendor's retry gets through", async () => {
    const replayStore = new MemoryReplayStore();
    let attempt = 0;
    const handler = webhookHandler(
      scheme,
      () => {
        attempt += 1;
        if (attempt === 1) throw new Error('database down');
        if (attempt === 2) return { statusCode: 503, body: 'try later' };
        return { statusCode: 204 };
      },
      { replayStore, now: () => NOW },
    );
    const event = restApiEvent(delivery('evt_retry'));
    await expect(handler(event, {})).rejects.toThrow('database down');
    expect((await handler(event, {})).statusCode).toBe(503);
    expect((await handler(event, {})).statusCode).toBe(204);
    expect((await handler(event, {})).statusCode).toBe(401);
  });

  it('decodes a base64 body byte for byte', async () => {
    const handler = webhookHandler(
      scheme,
      ({ payload }) => ({
        statusCode: 200,
        body: payload.id,
      }),
      { now: () => NOW },
    );
    const event = restApiEvent(delivery('evt_ünïcode'));
    const encoded = {
      ...event,
      body: Buffer.from(event.body as string, 'utf8').toString('base64'),
      isBase64Encoded: true,
    };
    expect(await handler(encoded, {})).toMatchObject({ statusCode: 200, body: 'evt_ünïcode' });
    // Read as ASCII, as Slack Bolt's Lambda receiver does, the same bytes no longer verify.
    const ascii = { ...event, body: Buffer.from(event.body as string).toString('ascii') };
    expect((await handler(ascii, {})).statusCode).toBe(401);
  });

  it("errors: 'throw' fails the invocation with the WebhookVerificationError", async () => {
    const handler = webhookHandler(scheme, () => undefined, { errors: 'throw', now: () => NOW });
    const event = { ...restApiEvent(delivery()), body: '{"id":"evt_forged"}' };
    await expect(handler(event, {})).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it('refuses a bad option when the handler is made, not on the first delivery', () => {
    // @ts-expect-error: 'next' is Express's style.
    expect(() => webhookHandler(scheme, () => undefined, { errors: 'next' })).toThrow(
      /webhookHandler\(\): errors must be 'respond' or 'throw'/,
    );
  });
});
