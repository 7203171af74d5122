import {
  cashfree,
  compactJson,
  ethoca,
  fiserv,
  fromClientError,
  handleClientError,
  headersFromRaw,
  MemoryReplayStore,
  parseForm,
  sign,
  verify,
  type WebhookRequest,
} from '@hookguard/core';
import { fromBodyReadError, readRequestHead, resolveReplayPolicy } from '@hookguard/core/adapter';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withTimeout } from '../src/replay/store-call.js';
import { epochMillis, parseIsoInstant } from '../src/time/timestamps.js';

const NOW = 1_700_000_000_000;
const cf = cashfree.webhook({ secret: 'secret' });
const cfRequest = (body: string | Uint8Array = '{"a":1}'): WebhookRequest => ({
  method: 'POST',
  url: '/',
  ...sign(cf, { body, timestamp: NOW }),
});

describe('bodies', () => {
  it('verifies a Buffer body, and a Uint8Array view into a larger buffer', async () => {
    const { headers, body } = sign(cf, { body: '{"a":1}', timestamp: NOW });
    const backing = Buffer.from(`xxxx${String(body)}yyyy`);
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 4, backing.length - 8);
    for (const raw of [Buffer.from(String(body)), view]) {
      await expect(
        verify(cf, { method: 'POST', url: '/', headers, body: raw }, { now: () => NOW }),
      ).resolves.toMatchObject({ payload: { a: 1 } });
    }
  });

  it('treats an absent body (undefined or null) as empty', async () => {
    const scheme = fiserv({ apiKey: 'k', secret: 's' });
    const { headers } = sign(scheme, {}, { now: () => NOW });
    for (const body of [undefined, null]) {
      await expect(
        verify(
          scheme,
          { method: 'GET', url: '/', headers, body: body as never },
          { now: () => NOW },
        ),
      ).resolves.toMatchObject({ payload: undefined });
    }
  });

  it('accepts a body exactly at the limit, and refuses one byte more', async () => {
    const request = cfRequest('{"a":1}');
    await expect(verify(cf, request, { now: () => NOW, bodyLimit: 7 })).resolves.toBeDefined();
    await expect(verify(cf, request, { now: () => NOW, bodyLimit: 6 })).rejects.toMatchObject({
      code: 'body_too_large',
    });
  });
});

describe('results', () => {
  it('report the signed timestamp in epoch ms, and none where nothing is timestamped', async () => {
    await expect(verify(cf, cfRequest(), { now: () => NOW })).resolves.toMatchObject({
      timestamp: NOW,
    });
    const sub = cashfree.subscription({ secret: 's' });
    const verified = await verify(sub, {
      method: 'POST',
      url: '/',
      ...sign(sub, { fields: { cf_a: '1' } }),
    });
    expect('timestamp' in verified).toBe(false);
  });
});

describe('configuration edges', () => {
  it('accepts the smallest valid settings', () => {
    expect(() => new MemoryReplayStore({ maxKeys: 1 })).not.toThrow();
    expect(() => cashfree.subscription({ secret: 's', replayTtl: 1 })).not.toThrow();
    expect(() => cashfree.subscription({ secret: 's', replayTtl: 0.5 })).toThrow(TypeError);
    expect(() => cashfree.webhook({ secret: 's', replayTtl: '600' as never })).toThrow(TypeError);
    expect(() => cashfree.webhook({ secret: 's', replayTtl: Number.NaN })).toThrow(TypeError);
    expect(() => ethoca({ keys: { k: 's' }, signatureEncoding: 'double-encoded' })).not.toThrow();
    expect(() =>
      fiserv({ apiKey: 'a', secret: 's', signatureEncoding: 'hex-base64' }),
    ).not.toThrow();
  });

  it('refuses replay stores missing any method, with hookguard’s message', () => {
    for (const replayStore of [
      null,
      {},
      { claim: async () => 'claimed' },
      { release: async () => true },
      { claim: async () => 'claimed', release: async () => true },
      { claim: async () => 'claimed', commit: async () => true },
    ]) {
      expect(
        () => resolveReplayPolicy({ replayStore: replayStore as never }),
        JSON.stringify(replayStore),
      ).toThrow(
        /replayStore must have claim\(key, token, leaseMs\), commit\(key, token, ttlMs\) and release\(key, token\)/,
      );
    }
  });
});

describe('parsing details', () => {
  it('decodes only real hex digits in escapes, at the edges of each range', () => {
    for (const text of [
      '%/0',
      '%:0',
      '%@0',
      '%G0',
      '%`0',
      '%g0',
      '%0/',
      '%0:',
      '%0G',
      '%0g',
      '%09',
      '%af',
      '%AF',
    ]) {
      expect(parseForm(Buffer.from(text)), text).toEqual([...new URLSearchParams(`&${text}`)]);
    }
  });

  it('keeps a trailing backslash inside an unterminated string', () => {
    expect(compactJson(Buffer.from('{"a":"x\\')).toString()).toBe('{"a":"x\\');
    expect(compactJson(Buffer.from('"\\')).toString()).toBe('"\\');
  });

  it('ignores a dangling name at the end of raw headers', () => {
    expect(headersFromRaw(['A', '1', 'B'])).toEqual({ a: '1' });
  });

  it('checks the request head before the body: one Content-Type the scheme takes', () => {
    const code = (rawHeaders: string[]) => {
      try {
        readRequestHead('json', rawHeaders, 'p');
        return 'ok';
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    expect(readRequestHead('json', ['Content-Type', 'application/json', 'X-A', '1'], 'p')).toEqual({
      'content-type': 'application/json',
      'x-a': '1',
    });
    const json = ['Content-Type', 'application/json'];
    expect(code([...json, ...json])).toBe('malformed_request');
    expect(code(['Content-Type', 'text/plain', 'Content-Length', '2'])).toBe(
      'unsupported_media_type',
    );
    // No body declared: no Content-Type needed. Any declared body needs one.
    expect(code([])).toBe('ok');
    expect(code(['Content-Length', '0'])).toBe('ok');
    expect(code(['Content-Length', '2'])).toBe('unsupported_media_type');
    expect(code(['Transfer-Encoding', 'chunked'])).toBe('unsupported_media_type');
  });

  it('reads only whole, exact ISO instants and epoch values', () => {
    for (const bad of [
      'x2022-04-03T21:31:47Z',
      '2022-04-03T21:31:47Zx',
      '2022-00-10T00:00:00Z',
      '2022-01-00T00:00:00Z',
      '2022-01-32T00:00:00Z',
      '2022-01-01T00:60:00Z',
      '2022-01-01T00:00:00+05:60',
    ]) {
      expect(parseIsoInstant(bad), bad).toBeUndefined();
    }
    expect(parseIsoInstant('2022-01-01T00:00:00+23:59')).toBe(Date.UTC(2021, 11, 31, 0, 1));
    expect(parseIsoInstant('2022-12-31T23:59:59Z')).toBe(Date.UTC(2022, 11, 31, 23, 59, 59));
    expect(epochMillis('9999999999999999').ms).toBeUndefined();
    expect(epochMillis('9007199254740991').ms).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('error helpers', () => {
  it('keep the original error as the cause', () => {
    for (const code of ['HPE_HEADER_OVERFLOW', 'ERR_HTTP_REQUEST_TIMEOUT', 'HPE_INVALID_METHOD']) {
      const original = Object.assign(new Error(code), { code });
      expect(fromClientError(original)?.cause).toBe(original);
    }
  });

  it('answer a client error when the response slot is null or has not started', () => {
    for (const inFlight of [null, { headersSent: false }]) {
      const written: string[] = [];
      handleClientError(Object.assign(new Error('x'), { code: 'HPE_INVALID_METHOD' }), {
        writable: true,
        _httpMessage: inFlight,
        write: (data) => written.push(data),
        destroy: () => {},
      });
      expect(written).toHaveLength(1);
    }
  });

  it('leave null and other non-errors alone', () => {
    for (const value of [null, undefined, 'text', 42])
      expect(fromBodyReadError(value)).toBeUndefined();
  });
});

describe('replay store timing', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('leaves no timer behind once the store has answered and the deadline passed', async () => {
    vi.useFakeTimers();
    await withTimeout(Promise.resolve(true), 1000);
    // One timer serves every pending call; with nothing pending at its deadline it stops.
    await vi.advanceTimersByTimeAsync(1000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('times out each call at its own deadline, a shorter one re-arming the shared timer', async () => {
    vi.useFakeTimers();
    const never = new Promise<never>(() => {});
    const outcome = (call: Promise<unknown>) =>
      call.then(
        () => 'answered',
        (error: Error) => error.message,
      );
    const slow = outcome(withTimeout(never, 1000));
    const later = outcome(withTimeout(never, 2000));
    const fast = outcome(withTimeout(never, 100));
    const answered = outcome(withTimeout(Promise.resolve(1), 50));
    await vi.advanceTimersByTimeAsync(100);
    expect(await fast).toBe('the replay store did not answer within 100 ms');
    expect(await answered).toBe('answered');
    let slowDone = false;
    void slow.then(() => {
      slowDone = true;
    });
    await vi.advanceTimersByTimeAsync(899);
    expect(slowDone).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await slow).toBe('the replay store did not answer within 1000 ms');
    await vi.advanceTimersByTimeAsync(1000);
    expect(await later).toBe('the replay store did not answer within 2000 ms');
    expect(vi.getTimerCount()).toBe(0);
  });
});
