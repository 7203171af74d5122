import {
  cashfree,
  MemoryReplayStore,
  sign,
  type VerifiedWebhook,
  WebhookVerificationError,
} from '@hookguard/core';
import { errorResponse, verifyRequest, withWebhook } from '@hookguard/web';
import { describe, expect, expectTypeOf, it } from 'vitest';

const NOW = 1_700_000_000_000;
const scheme = cashfree.webhook({ secret: 'secret' });
const signed = sign(scheme, { body: { type: 'PAYMENT_SUCCESS_WEBHOOK' }, timestamp: NOW });
const request = (init: RequestInit = {}, url = 'https://merchant.example/hook?x=1') =>
  new Request(url, { method: 'POST', headers: signed.headers, body: String(signed.body), ...init });

describe('verifyRequest', () => {
  it('verifies a Web Request and hands back the payload', async () => {
    await expect(verifyRequest(scheme, request(), { now: () => NOW })).resolves.toMatchObject({
      provider: 'cashfree.webhook',
      payload: { type: 'PAYMENT_SUCCESS_WEBHOOK' },
    });
  });

  it('answers body_already_parsed when the body was read first, and accepts a clone verified first', async () => {
    const used = request();
    await used.text();
    await expect(verifyRequest(scheme, used, { now: () => NOW })).rejects.toMatchObject({
      code: 'body_already_parsed',
      message: expect.stringContaining('request.clone()'),
    });
    const original = request();
    await expect(
      verifyRequest(scheme, original.clone(), { now: () => NOW }),
    ).resolves.toBeDefined();
    expect(await original.json()).toEqual({ type: 'PAYMENT_SUCCESS_WEBHOOK' });
  });

  it('refuses an over-limit Content-Length before reading, and cancels a stream at the limit', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    await expect(
      verifyRequest(
        scheme,
        request({ headers: { ...signed.headers, 'content-length': '5000000' } }),
        { now: () => NOW },
      ),
    ).rejects.toMatchObject({ code: 'body_too_large' });
    await expect(
      verifyRequest(scheme, request({ body: endless, duplex: 'half' } as RequestInit), {
        now: () => NOW,
        limit: 10_000,
      }),
    ).rejects.toMatchObject({ code: 'body_too_large' });
    expect(pulled).toBeLessThan(20);
  });

  it('refuses a Content-Type the scheme does not take before reading', async () => {
    await expect(
      verifyRequest(
        scheme,
        request({ headers: { ...signed.headers, 'content-type': 'text/plain' } }),
      ),
    ).rejects.toMatchObject({ code: 'unsupported_media_type' });
  });

  it('turns a stream that fails midway into malformed_request', async () => {
    const failing = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"type":'));
        controller.error(new Error('client went away'));
      },
    });
    await expect(
      verifyRequest(scheme, request({ body: failing, duplex: 'half' } as RequestInit), {
        now: () => NOW,
      }),
    ).rejects.toMatchObject({ code: 'malformed_request' });
  });

  it('reads a body that arrives in many chunks', async () => {
    const text = String(signed.body);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const char of text) controller.enqueue(new TextEncoder().encode(char));
        controller.close();
      },
    });
    await expect(
      verifyRequest(scheme, request({ body: chunked, duplex: 'half' } as RequestInit), {
        now: () => NOW,
      }),
    ).resolves.toBeDefined();
  });
});

describe('withWebhook', () => {
  it('answers a rejection in the shared JSON shape without calling the handler', async () => {
    let called = false;
    const handle = withWebhook(scheme, () => {
      called = true;
      return new Response('ok');
    });
    const response = await handle(request({ body: '{"forged":true}' }));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_signature' } });
    expect(called).toBe(false);
  });

  it('releases the claim when the handler answers 5xx or throws, and keeps it otherwise', async () => {
    const replayStore = new MemoryReplayStore();
    let outcome: 'fail' | 'throw' | 'ok' = 'fail';
    const handle = withWebhook(
      scheme,
      () => {
        if (outcome === 'throw') throw new Error('database down');
        return new Response(null, { status: outcome === 'fail' ? 503 : 204 });
      },
      { now: () => NOW, replayStore },
    );
    // Settled before the response is returned: nothing may run after it on a serverless runtime.
    expect((await handle(request())).status).toBe(503);
    outcome = 'throw';
    await expect(handle(request())).rejects.toThrow('database down');
    outcome = 'ok';
    expect((await handle(request())).status).toBe(204);
    expect((await handle(request())).status).toBe(401);
  });

  it('releases the claim when the client went away before the answer (the request signal aborted)', async () => {
    const replayStore = new MemoryReplayStore();
    const gone = new AbortController();
    let calls = 0;
    const handle = withWebhook(
      scheme,
      () => {
        calls++;
        gone.abort();
        return new Response(null, { status: 204 });
      },
      { now: () => NOW, replayStore },
    );
    const first = request();
    await handle(new Request(first, { signal: gone.signal }));
    expect((await handle(request())).status).toBe(204);
    expect(calls).toBe(2);
  });

  it('rethrows errors that are not verification failures', async () => {
    const brokenClock = () => {
      throw new Error('clock broke');
    };
    await expect(
      withWebhook(scheme, () => new Response('ok'), { now: brokenClock })(request()),
    ).rejects.toThrow('clock broke');
  });

  it('types the handler by the scheme', () => {
    interface Payment {
      type: string;
    }
    const typed = cashfree.webhook<Payment>({ secret: 's' });
    withWebhook(typed, (_request, webhook) => {
      expectTypeOf(webhook).toEqualTypeOf<VerifiedWebhook<Payment>>();
      return new Response(webhook.payload.type);
    });
    expect(errorResponse(new WebhookVerificationError('replayed', 'x')).status).toBe(401);
  });
});
