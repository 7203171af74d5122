import { createHash } from 'node:crypto';
import {
  cashfree,
  ethoca,
  explain,
  formatExplanation,
  fromClientError,
  handleClientError,
  sign,
  WebhookVerificationError,
} from '@hookguard/core';
import { fromBodyReadError } from '@hookguard/core/adapter';
import { describe, expect, it } from 'vitest';
import { selectKeys } from '../src/check-request.js';
import { decodeDigest } from '../src/crypto/encoding.js';
import { keysFromKeyRing } from '../src/keys/key-ring.js';
import { replayKeyOf } from '../src/replay/replay-key.js';
import { IncomingWebhook } from '../src/request/incoming-webhook.js';
import { webhookDefinitionOf } from '../src/scheme.js';
import { epochSeconds, parseIsoInstant } from '../src/time/timestamps.js';

describe('Ethoca without a publicUrl', () => {
  it('takes a key ring as a Map, and refuses an empty key id', () => {
    expect([...keysFromKeyRing(new Map([['a', 's']]), 'keys', 'ethoca').keys()]).toEqual(['a']);
    expect(() => keysFromKeyRing({ '': 's' }, 'keys', 'ethoca')).toThrow(/empty key id/);
    expect(() => keysFromKeyRing('nope', 'keys', 'ethoca')).toThrow(TypeError);
  });
});

describe('explain, further paths', () => {
  it('passes the timestamp check for a scheme that signs none', () => {
    const scheme = cashfree.subscription({ secret: 's' });
    const signed = sign(scheme, { fields: { cf_a: '1' } });
    const explanation = explain(scheme, { method: 'POST', url: '/', ...signed });
    expect(explanation.checks.find((check) => check.check === 'timestamp')).toMatchObject({
      outcome: 'passed',
      message: 'this scheme signs no timestamp',
    });
    expect(explanation.verdict).toEqual({ ok: true, matchedKey: 0 });
  });

  it('shows an unreadable timestamp without an instant', () => {
    const scheme = cashfree.webhook({ secret: 's' });
    const signed = sign(scheme, { body: '{}', timestamp: 1 });
    const request = {
      method: 'POST',
      url: '/',
      headers: { ...signed.headers, 'x-webhook-timestamp': 'soon' },
      body: signed.body,
    };
    const text = formatExplanation(explain(scheme, request, { revealExpected: true }));
    expect(text).toContain('timestamp: soon');
    expect(text).not.toContain('s old');
    expect(text).not.toContain('expected values masked');
  });
});

describe('internals at their edges', () => {
  const ethocaDefinition = webhookDefinitionOf(
    ethoca({ keys: { k1: 's' }, publicUrl: 'https://m.example' }),
  );

  it('refuses a key-id scheme whose request names no key', () => {
    expect(() =>
      selectKeys(ethocaDefinition, {
        signatures: [],
        signatureSource: '',
        message: [],
        payload: () => undefined,
      }),
    ).toThrow(WebhookVerificationError);
  });

  it('builds replay keys from signed material only, each of a fixed size', () => {
    const sha = (text: string) => createHash('sha256').update(text).digest('base64url');
    const parts = { signatures: [], signatureSource: '', message: [], payload: () => undefined };
    const checked = {
      parts,
      key: { id: 'k1', secret: Buffer.from('s'), hasOuterWhitespace: false },
      digest: Buffer.from('digest'),
      message: [
        { label: 'a', value: 'x' },
        { label: 'b', value: Buffer.from('y') },
      ],
      body: Buffer.from('the body'),
      payload: { id: 'evt_1' } as unknown,
    };
    expect(replayKeyOf({ ...ethocaDefinition, replayBy: 'digest' }, checked)).toBe(
      'ethoca:sig:ZGlnZXN0',
    );
    expect(replayKeyOf({ ...ethocaDefinition, replayBy: 'message' }, checked)).toBe(
      `ethoca:msg:${sha('xy')}`,
    );
    expect(replayKeyOf({ ...ethocaDefinition, replayBy: 'body' }, checked)).toBe(
      `ethoca:body:${sha('the body')}`,
    );
    // A signed delivery id wins, hashed: however long it is, the key is not.
    const longId = { ...checked, parts: { ...parts, deliveryId: 'd'.repeat(16_384) } };
    expect(replayKeyOf({ ...ethocaDefinition, replayBy: 'digest' }, longId)).toBe(
      `ethoca:id:${sha('d'.repeat(16_384))}`,
    );
    const fromPayload = {
      ...ethocaDefinition,
      replayBy: 'digest' as const,
      deliveryIdFrom: (payload: unknown) => (payload as { id?: string }).id,
    };
    expect(replayKeyOf(fromPayload, checked)).toBe(`ethoca:id:${sha('evt_1')}`);
    expect(replayKeyOf(fromPayload, { ...checked, payload: {} })).toBe('ethoca:sig:ZGlnZXN0');
  });

  it('decodes hex and base64url digests', () => {
    expect(decodeDigest('ABcd', 'hex')?.toString('hex')).toBe('abcd');
    expect(decodeDigest('q80', 'base64url')?.toString('hex')).toBe('abcd');
    expect(decodeDigest('q8=', 'base64url')).toBeUndefined();
  });

  it('reads a header given as a list of one, and an empty list as absent', () => {
    const request = new IncomingWebhook(
      { method: 'POST', url: '/', headers: { a: ['1'], b: [] }, body: '' },
      'p',
    );
    expect(request.header('a')).toBe('1');
    expect(request.header('b')).toBeUndefined();
  });

  it('reads epoch seconds, and ISO offsets west of UTC', () => {
    expect(epochSeconds('1700000000').ms).toBe(1_700_000_000_000);
    expect(epochSeconds('x').ms).toBeUndefined();
    expect(parseIsoInstant('2022-04-03T16:31:47-05:00')).toBe(Date.UTC(2022, 3, 3, 21, 31, 47));
  });
});

describe('fromBodyReadError', () => {
  it.each([
    [{ type: 'entity.too.large' }, 'body_too_large'],
    [{ code: 'FST_ERR_CTP_BODY_TOO_LARGE' }, 'body_too_large'],
    [{ type: 'request.size.invalid' }, 'malformed_request'],
    [{ code: 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' }, 'malformed_request'],
    [{ type: 'request.aborted' }, 'malformed_request'],
    [{ code: 'ECONNRESET' }, 'malformed_request'],
    [{ code: 'ECONNABORTED' }, 'malformed_request'],
    [{ type: 'stream.not.readable' }, 'body_already_parsed'],
  ])('maps %j to %s', (error, code) => {
    expect(fromBodyReadError(error, 'p')).toMatchObject({ code, provider: 'p', cause: error });
  });

  it('passes a verification error through and leaves anything else alone', () => {
    const error = new WebhookVerificationError('replayed', 'x');
    expect(fromBodyReadError(error)).toBe(error);
    expect(fromBodyReadError(new Error('other'))).toBeUndefined();
    expect(fromBodyReadError('text')).toBeUndefined();
  });
});

describe('handleClientError', () => {
  const socket = (writable = true, inFlight?: { headersSent: boolean }) => {
    const written: string[] = [];
    let destroyed = false;
    return {
      written,
      destroyed: () => destroyed,
      writable,
      _httpMessage: inFlight,
      write: (data: string) => written.push(data),
      destroy: () => {
        destroyed = true;
      },
    };
  };
  const error = (code: string) => Object.assign(new Error(code), { code });

  it('answers malformed HTTP with a JSON 400 and closes', () => {
    const s = socket();
    handleClientError(error('HPE_INVALID_HEADER_TOKEN'), s);
    expect(s.written[0]).toMatch(
      /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*"code":"malformed_request"/,
    );
    expect(s.destroyed()).toBe(true);
  });

  it('answers 408 and 431 with their reasons', () => {
    const slow = socket();
    handleClientError(error('ERR_HTTP_REQUEST_TIMEOUT'), slow);
    expect(slow.written[0]).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    const large = socket();
    handleClientError(error('HPE_HEADER_OVERFLOW'), large);
    expect(large.written[0]).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large/);
  });

  it('writes nothing on a reset, a closed socket, or once a response has started', () => {
    for (const [s, e] of [
      [socket(), error('ECONNRESET')],
      [socket(), error('EPIPE')],
      [socket(false), error('HPE_INVALID_METHOD')],
      [socket(true, { headersSent: true }), error('ERR_HTTP_REQUEST_TIMEOUT')],
    ] as const) {
      handleClientError(e, s);
      expect(s.written).toEqual([]);
      expect(s.destroyed()).toBe(true);
    }
    expect(fromClientError(error('ECONNRESET'))).toBeUndefined();
  });
});
