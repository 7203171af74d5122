import { generateKeyPairSync, verify as opensslVerify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { explain, explainAsync, paypal, sign, verify, type WebhookRequest } from '@hookguard/core';
import { afterEach, describe, expect, it } from 'vitest';
import { answer, keyServers, writeLazily } from '../support/key-server.js';

// PayPal: the vector from PayPal's own Node SDK tests, verified with the certificate served
// by a real local server (the `fetch` option maps PayPal's https URL to it after the
// allow-list check), and every way fetching the certificate can go wrong.

interface SdkVector {
  readonly certUrl: string;
  readonly transmissionId: string;
  readonly transmissionTime: string;
  readonly webhookId: string;
  readonly transmissionSig: string;
  readonly body: string;
  readonly certificatePem: string;
}
const VECTOR = JSON.parse(
  readFileSync(new URL('../fixtures/paypal-sdk-vector.json', import.meta.url), 'utf8'),
) as SdkVector;
// Inside the certificate's validity (2015-03-18 to 2017-03-22), a minute after the transmission.
const NOW = Date.parse(VECTOR.transmissionTime) + 60_000;
const CERT_PATH = new URL(VECTOR.certUrl).pathname;

const { serve, closeAll } = keyServers();
afterEach(closeAll);

const pem = (status: number, body: string | Buffer) =>
  answer(status, body, { 'content-type': 'application/x-pem-file' });

function sdkRequest(overrides: Record<string, string> = {}, body = VECTOR.body): WebhookRequest {
  return {
    method: 'POST',
    url: '/webhooks/paypal',
    headers: {
      'content-type': 'application/json',
      'paypal-transmission-id': VECTOR.transmissionId,
      'paypal-transmission-time': VECTOR.transmissionTime,
      'paypal-transmission-sig': VECTOR.transmissionSig,
      'paypal-cert-url': VECTOR.certUrl,
      'paypal-auth-algo': 'SHA256withRSA',
      ...overrides,
    },
    body,
  };
}

async function certificateServer() {
  return serve(pem(200, VECTOR.certificatePem));
}

describe('paypal', () => {
  it("verifies the transmission from PayPal's SDK tests with the certificate its mock served", async () => {
    const server = await certificateServer();
    const scheme = paypal({ webhookId: VECTOR.webhookId, fetch: server.fetch });
    const verified = await verify(scheme, sdkRequest(), { now: () => NOW });
    expect(verified.matchedKey).toBe(VECTOR.certUrl);
    expect((verified.payload as { id: string }).id).toBe('WH-0G2756385H040842W-5Y612302CV158622M');
    expect(server.requests.map((request) => request.url)).toEqual([CERT_PATH]);
  });

  it('fetches the certificate once, and serves later deliveries from the cache', async () => {
    const server = await certificateServer();
    const scheme = paypal({ webhookId: VECTOR.webhookId, fetch: server.fetch });
    await Promise.all([1, 2, 3].map(() => verify(scheme, sdkRequest(), { now: () => NOW })));
    await verify(scheme, sdkRequest(), { now: () => NOW + 1000 });
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['another webhook id', { webhookId: '3RN13029J36659323' }, {}, VECTOR.body],
    ['a changed body', {}, {}, VECTOR.body.replace('20.00', '21.00')],
    [
      'another transmission id',
      {},
      { 'paypal-transmission-id': 'dfb3be50-fd74-11e4-8bf3-77339302725c' },
      VECTOR.body,
    ],
  ])('refuses %s as invalid_signature', async (_, options, headers, body) => {
    const server = await certificateServer();
    const scheme = paypal({ webhookId: VECTOR.webhookId, fetch: server.fetch, ...options });
    await expect(
      verify(scheme, sdkRequest(headers, body), { now: () => NOW }),
    ).rejects.toMatchObject({
      code: 'invalid_signature',
      status: 401,
    });
  });

  it('refuses another PAYPAL-AUTH-ALGO before fetching anything', async () => {
    const server = await certificateServer();
    const scheme = paypal({ webhookId: VECTOR.webhookId, fetch: server.fetch });
    await expect(
      verify(scheme, sdkRequest({ 'paypal-auth-algo': 'SHA1withRSA' }), { now: () => NOW }),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
    expect(server.requests).toEqual([]);
  });

  it.each([
    ['paypal-transmission-id'],
    ['paypal-transmission-time'],
    ['paypal-transmission-sig'],
    ['paypal-cert-url'],
  ])('refuses a delivery without %s as missing_signature, fetching nothing', async (header) => {
    const server = await certificateServer();
    const scheme = paypal({ webhookId: VECTOR.webhookId, fetch: server.fetch });
    await expect(
      verify(scheme, sdkRequest({ [header]: '' }), { now: () => NOW }),
    ).rejects.toMatchObject({
      code: 'missing_signature',
    });
  });

  it('refuses a transmission older than the window', async () => {
    const server = await certificateServer();
    const scheme = paypal({ webhookId: VECTOR.webhookId, fetch: server.fetch, tolerance: 300 });
    await expect(
      verify(scheme, sdkRequest(), { now: () => Date.parse(VECTOR.transmissionTime) + 301_000 }),
    ).rejects.toMatchObject({ code: 'timestamp_out_of_tolerance' });
  });

  describe('fetching the certificate', () => {
    it.each([
      ['another host', 'https://api.paypal.com.evil.example/v1/notifications/certs/CERT-1'],
      ['plain http', 'http://api.paypal.com/v1/notifications/certs/CERT-1'],
      ['a port', 'https://api.paypal.com:8443/v1/notifications/certs/CERT-1'],
      ['another path on PayPal’s host', 'https://api.paypal.com/v1/oauth2/token'],
      ['user info', 'https://x@api.paypal.com/v1/notifications/certs/CERT-1'],
      [
        'a path that climbs out of the certificates',
        'https://api.paypal.com/v1/notifications/certs/../../oauth2/token',
      ],
      [
        'an escaped climb',
        'https://api.paypal.com/v1/notifications/certs/%2e%2e/%2e%2e/oauth2/token',
      ],
      ['a query', 'https://api.paypal.com/v1/notifications/certs/CERT-1?x=1'],
      ['the certificates path itself', 'https://api.paypal.com/v1/notifications/certs/'],
    ])(
      'refuses a PAYPAL-CERT-URL on %s with untrusted_key_url, and fetches nothing',
      async (_, url) => {
        const server = await certificateServer();
        const scheme = paypal({ webhookId: VECTOR.webhookId, fetch: server.fetch });
        await expect(
          verify(scheme, sdkRequest({ 'paypal-cert-url': url }), { now: () => NOW }),
        ).rejects.toMatchObject({
          code: 'untrusted_key_url',
          status: 401,
        });
        expect(server.fetched).toEqual([]);
        expect(server.requests).toEqual([]);
      },
    );

    it('answers key_unavailable (503) when the server fails, and fetches again for the next delivery', async () => {
      let failing = true;
      const server = await serve((request, response, written) =>
        failing
          ? pem(500, 'down')(request, response, written)
          : pem(200, VECTOR.certificatePem)(request, response, written),
      );
      const scheme = paypal({ webhookId: VECTOR.webhookId, fetch: server.fetch });
      await expect(verify(scheme, sdkRequest(), { now: () => NOW })).rejects.toMatchObject({
        code: 'key_unavailable',
        status: 503,
      });
      failing = false;
      await expect(verify(scheme, sdkRequest(), { now: () => NOW })).resolves.toBeDefined();
      expect(server.requests).toHaveLength(2);
    });

    it('answers key_unavailable when the server is slower than keyFetchTimeout', async () => {
      const server = await serve(() => {
        // Never answers.
      });
      const scheme = paypal({
        webhookId: VECTOR.webhookId,
        fetch: server.fetch,
        keyFetchTimeout: 200,
      });
      const started = Date.now();
      await expect(verify(scheme, sdkRequest(), { now: () => NOW })).rejects.toMatchObject({
        code: 'key_unavailable',
      });
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('answers key_unavailable for a huge answer, and stops reading it', async () => {
      const server = await serve((_request, response, written) => {
        response.writeHead(200, { 'content-type': 'application/x-pem-file' });
        writeLazily(response, 50 * 1024 * 1024, written);
      });
      const scheme = paypal({ webhookId: VECTOR.webhookId, fetch: server.fetch });
      await expect(verify(scheme, sdkRequest(), { now: () => NOW })).rejects.toMatchObject({
        code: 'key_unavailable',
      });
      const [closed] = await server.closedCount(1);
      expect(closed?.finished).toBe(false);
      expect(closed?.bytesWritten).toBeLessThan(10 * 1024 * 1024);
    });

    it('answers key_unavailable for an expired certificate, naming when it expired', async () => {
      const server = await certificateServer();
      const scheme = paypal({ webhookId: VECTOR.webhookId, fetch: server.fetch, tolerance: false });
      const after = Date.parse(new X509Certificate(VECTOR.certificatePem).validTo) + 1000;
      const error = await verify(scheme, sdkRequest(), { now: () => after }).catch(
        (reason) => reason,
      );
      expect(error).toMatchObject({ code: 'key_unavailable', status: 503 });
      expect(error.message).toContain('expired at 2017-03-22T12:00:00.000Z');
    });

    it('answers key_unavailable for a document that is not a certificate, or one with another kind of key', async () => {
      const ed25519 = generateKeyPairSync('ed25519').publicKey.export({
        type: 'spki',
        format: 'pem',
      });
      for (const body of ['not a certificate', String(ed25519)]) {
        const server = await serve(pem(200, body));
        const scheme = paypal({ webhookId: VECTOR.webhookId, fetch: server.fetch });
        const error = await verify(scheme, sdkRequest(), { now: () => NOW }).catch(
          (reason) => reason,
        );
        expect(error).toMatchObject({ code: 'key_unavailable' });
        expect(error.message).not.toContain(body.slice(0, 20));
      }
    });

    it('stops fetching after maxKeyFetchesPerMinute certificates in a minute', async () => {
      const server = await serve(pem(404, 'no such certificate'));
      const scheme = paypal({
        webhookId: VECTOR.webhookId,
        fetch: server.fetch,
        maxKeyFetchesPerMinute: 2,
      });
      const named = (n: number) =>
        sdkRequest({
          'paypal-cert-url': `https://api.paypal.com/v1/notifications/certs/CERT-${n}`,
        });
      for (const n of [1, 2, 3, 4])
        await expect(verify(scheme, named(n), { now: () => NOW })).rejects.toMatchObject({
          code: 'key_unavailable',
        });
      expect(server.requests).toHaveLength(2);
      // A minute later, fetching resumes.
      await expect(verify(scheme, named(5), { now: () => NOW + 60_001 })).rejects.toMatchObject({
        code: 'key_unavailable',
      });
      expect(server.requests).toHaveLength(3);
    });
  });

  it('signs what OpenSSL verifies over id|time|webhook id|CRC-32', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const scheme = paypal({
      webhookId: VECTOR.webhookId,
      privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
      certUrl: VECTOR.certUrl,
    });
    const signed = sign(scheme, { body: { id: 'WH-1' }, timestamp: NOW });
    const headers = signed.headers;
    expect(headers).toMatchObject({
      'paypal-cert-url': VECTOR.certUrl,
      'paypal-auth-algo': 'SHA256withRSA',
      'paypal-transmission-time': new Date(NOW).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
    const message = `${headers['paypal-transmission-id']}|${headers['paypal-transmission-time']}|${VECTOR.webhookId}|${zlibCrc32(Buffer.from(String(signed.body)))}`;
    expect(
      opensslVerify(
        'sha256',
        Buffer.from(message),
        publicKey,
        Buffer.from(String(headers['paypal-transmission-sig']), 'base64'),
      ),
    ).toBe(true);
    expect(() => sign(paypal({ webhookId: 'W1' }), { body: {} })).toThrow(/certUrl/);
  });

  it('refuses a webhookId that is not letters and digits, and a bad tolerance', () => {
    expect(() => paypal({ webhookId: '' })).toThrow(/webhookId/);
    expect(() => paypal({ webhookId: 'WH|1' })).toThrow(/webhookId/);
    expect(() => paypal(undefined as never)).toThrow(/webhookId/);
    expect(() => paypal({ webhookId: 'W1', tolerance: -1 })).toThrow(/tolerance/);
    expect(() => paypal({ webhookId: 'W1', maxKeyFetchesPerMinute: 0 })).toThrow(
      /maxFetchesPerMinute/,
    );
    expect(() => paypal({ webhookId: 'W1', privateKey: 'not base64!' })).toThrow(/privateKey/);
  });

  it('explains with explainAsync once the certificate is fetched; explain() says to use it', async () => {
    const server = await certificateServer();
    const scheme = paypal({ webhookId: VECTOR.webhookId, fetch: server.fetch });
    expect(() => explain(scheme, sdkRequest(), { now: () => NOW })).toThrow(/use explainAsync\(\)/);
    const explanation = await explainAsync(scheme, sdkRequest(), { now: () => NOW });
    expect(explanation.verdict).toEqual({ ok: true, matchedKey: VECTOR.certUrl });
    expect(explanation.algorithm).toBe('RSA PKCS#1 v1.5 with SHA-256');
    expect(explanation.stringToSign?.text).toBe(
      `${VECTOR.transmissionId}|${VECTOR.transmissionTime}|${VECTOR.webhookId}|${zlibCrc32(Buffer.from(VECTOR.body))}`,
    );
    // Now cached: the synchronous explain works too.
    expect(explain(scheme, sdkRequest(), { now: () => NOW }).verdict.ok).toBe(true);
  });

  it('explains a certificate that could not be fetched as the failed key step, with what was read', async () => {
    const server = await serve(pem(500, 'down'));
    const scheme = paypal({ webhookId: VECTOR.webhookId, fetch: server.fetch });
    const explanation = await explainAsync(scheme, sdkRequest(), { now: () => NOW });
    expect(explanation.verdict).toMatchObject({ ok: false, code: 'key_unavailable' });
    expect(explanation.checks.find(({ check }) => check === 'key id')).toMatchObject({
      check: 'key id',
      outcome: 'failed',
      code: 'key_unavailable',
    });
    expect(explanation.received).not.toEqual([]);
    expect(explanation.keys).toEqual([]);
    // Fetched once for the explanation; the second pass reused the failure.
    expect(server.requests).toHaveLength(1);
  });
});
