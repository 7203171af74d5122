import {
  ethoca,
  explain,
  formatExplanation,
  MemoryReplayStore,
  sign,
  verify,
  type WebhookRequest,
  type WebhookScheme,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { formatIsoUtcSeconds } from '../../src/time/timestamps.js';
import {
  ETHOCA_EXAMPLE,
  ETHOCA_NOW,
  ethocaExampleRequest,
  ethocaScheme,
  signedEthoca,
} from '../fixtures.js';
import { accept } from '../support/replay.js';

const NOW = 1_700_000_000_000;
const now = () => NOW;

describe('ethoca describes itself', () => {
  it('as ethoca, a JSON scheme', () => {
    expect(ethoca({ keys: { k: 's' } })).toMatchObject({
      name: 'ethoca',
      provider: 'ethoca',
      mediaType: 'json',
    });
  });
});

describe("Ethoca's worked example", () => {
  it("reproduces Ethoca's worked example: the string to sign, the digest, the 27- and 38-character forms", () => {
    const explanation = explain(ethocaScheme, ethocaExampleRequest, { now: ETHOCA_NOW });
    expect(explanation.verdict).toEqual({ ok: true, matchedKey: 'k1' });
    expect(explanation.algorithm).toBe('HMAC-SHA1');
    expect(explanation.stringToSign?.byteLength).toBe(927);
    expect(explanation.stringToSign?.text).toBe(ETHOCA_EXAMPLE.replaceAll('\n', '\\n'));
    const [key] = explanation.keys;
    expect(key?.digestHex).toBe('9d125ef9621dfddf9755c5ffa2c9ac8537f073a5');
    expect(key?.forms.map((form) => form.steps.at(-1)?.value)).toEqual([
      'nRJe-WId_d-XVcX_osmshTfwc6U',
      'blJKZStXSWQvZCtYVmNYL29zbXNoVGZ3YzZVPQ',
    ]);
    expect(explanation.received[0]?.decoded).toEqual([
      {
        form: 'double-encoded (base64url of the base64 text)',
        hex: '9d125ef9621dfddf9755c5ffa2c9ac8537f073a5',
      },
    ]);
    const text = formatExplanation(explanation);
    expect(text).toContain('nRJe-WId_d-XVcX_osmshTfwc6U');
    expect(text).toContain('blJKZStXSWQvZCtYVmNYL29zbXNoVGZ3YzZVPQ');
  });
});

// The describe and test titles are the snapshots' keys, kept as they were.
describe('formatExplanation', () => {
  const now = () => Date.parse('2017-06-19T13:18:48Z');
  const eth = ethoca({ keys: { k1: 'weing1phojieRaht' }, publicUrl: 'https://merchant.com' });
  const ethocaRequest = (signature: string): WebhookRequest => ({
    method: 'POST',
    url: '/api/orders',
    headers: {
      'content-type': 'application/json',
      'x-eth-date': '2017-06-19T13:18:18Z',
      authorization: `ETHOCA-SHA1 KeyRef=k1,Signature=${signature}`,
    },
    body: ETHOCA_EXAMPLE.split('\n')[2] as string,
  });

  it.each([
    ["Ethoca's worked example", eth, ethocaRequest('blJKZStXSWQvZCtYVmNYL29zbXNoVGZ3YzZVPQ'), {}],
    ['Ethoca with a wrong signature', eth, ethocaRequest('AAAAAAAAAAAAAAAAAAAAAAAAAAA'), {}],
    [
      'Ethoca with a wrong signature, revealed',
      eth,
      ethocaRequest('AAAAAAAAAAAAAAAAAAAAAAAAAAA'),
      { revealExpected: true },
    ],
  ] as const)('renders %s', (_, scheme, request, options) => {
    expect(
      formatExplanation(explain(scheme as WebhookScheme, request, { now, ...options })),
    ).toMatchSnapshot();
  });
});

describe('Ethoca signing', () => {
  it('stamps Ethoca requests in whole UTC seconds', () => {
    const signed = sign(
      ethoca({ keys: { k: 's' }, publicUrl: 'https://m.example' }),
      { url: '/x' },
      { now: () => Date.UTC(2020, 0, 2, 3, 4, 5, 678) },
    );
    expect(signed.headers['x-eth-date']).toBe('2020-01-02T03:04:05Z');
    expect(formatIsoUtcSeconds(Date.UTC(2020, 0, 2, 3, 4, 5, 0))).toBe('2020-01-02T03:04:05Z');
  });

  it('treats only a leading http(s):// as an absolute URL, in sign and verify', async () => {
    const scheme = ethoca({ keys: { k: 's' }, publicUrl: 'https://m.example' });
    const path = '/redirect?to=https://other.example/x';
    const signed = sign(scheme, { url: path, body: {} }, { now: () => 0 });
    await expect(
      verify(
        scheme,
        { method: 'POST', url: path, headers: signed.headers, body: signed.body },
        { now: () => 0 },
      ),
    ).resolves.toBeDefined();
  });

  it('signs Ethoca from an absolute URL when the scheme has no publicUrl', async () => {
    const scheme = ethoca({ keys: { k: 's' } });
    const signed = sign(
      scheme,
      { url: 'https://merchant.com/api/orders?x=1', body: { a: 1 } },
      { now: () => 0 },
    );
    const request = {
      method: 'POST',
      url: '/api/orders?x=1',
      headers: { ...signed.headers, host: 'merchant.com' },
      body: signed.body,
    };
    await expect(verify(scheme, request, { now: () => 0 })).resolves.toMatchObject({
      matchedKey: 'k',
    });
  });
});

describe('Ethoca parsing details', () => {
  const scheme = ethoca({ keys: { k1: 's' } });
  const signedFor = (host: string) => {
    const signed = sign(scheme, { url: `https://${host}/x`, body: {} }, { now: () => 0 });
    const headers: Record<string, string> = { ...signed.headers, host };
    return { method: 'POST', url: '/x', headers, body: signed.body };
  };

  it('reads IPv6 hosts with a port, and refuses hosts that are not host[:port]', async () => {
    await expect(verify(scheme, signedFor('[::1]:8443'), { now: () => 0 })).resolves.toBeDefined();
    for (const host of ['m.example:abc', ':8443', 'm.example:123456']) {
      const request = signedFor('m.example');
      await expect(
        verify(scheme, { ...request, headers: { ...request.headers, host } }, { now: () => 0 }),
        host,
      ).rejects.toMatchObject({ code: 'malformed_request' });
    }
  });

  it('skips empty Authorization parameters and reads the scheme name in any case', async () => {
    const request = signedFor('m.example');
    const authorization = String(request.headers.authorization).replace(
      'ETHOCA-SHA1 KeyRef=k1,',
      'ethoca-sha1   KeyRef=k1,, ,',
    );
    await expect(
      verify(
        scheme,
        { ...request, headers: { ...request.headers, authorization } },
        { now: () => 0 },
      ),
    ).resolves.toBeDefined();
  });

  it('refuses a signature of the wrong length as invalid, whatever it decodes to', async () => {
    const request = signedFor('m.example');
    for (const signature of ['AAAA', 'A'.repeat(38), 'A'.repeat(54)]) {
      const authorization = String(request.headers.authorization).replace(
        /Signature=.*$/,
        `Signature=${signature}`,
      );
      await expect(
        verify(
          scheme,
          { ...request, headers: { ...request.headers, authorization } },
          { now: () => 0 },
        ),
        signature,
      ).rejects.toMatchObject({ code: 'invalid_signature' });
    }
  });
});

describe('Ethoca Authorization edges', () => {
  const scheme = ethoca({ keys: { k1: 'secret' }, publicUrl: 'https://merchant.example' });
  const request = (authorization: string): WebhookRequest => {
    const signed = sign(scheme, { url: '/x', body: { a: 1 } }, { now });
    return {
      method: 'POST',
      url: '/x',
      headers: { ...signed.headers, authorization },
      body: signed.body,
    };
  };

  it.each([
    ['a bare scheme name', 'ETHOCA-SHA1'],
    ['a signature but no KeyRef', 'ETHOCA-SHA1 Signature=AAAA'],
  ])('answers missing_signature for %s', async (_, authorization) => {
    await expect(verify(scheme, request(authorization), { now })).rejects.toMatchObject({
      code: 'missing_signature',
    });
  });
});

describe('Ethoca without a publicUrl', () => {
  const scheme = ethoca({ keys: { k1: 'secret' }, trustProxy: true });
  const signedFor = (url: string) => sign(scheme, { url, body: { a: 1 } }, { now: () => 0 });

  it('trusts X-Forwarded-Proto, -Host and -Port only with trustProxy', async () => {
    const signed = signedFor('http://public.example:8080/api/orders');
    const request = {
      method: 'POST',
      url: '/api/orders',
      headers: {
        ...signed.headers,
        host: 'internal:3000',
        'x-forwarded-proto': 'http',
        'x-forwarded-host': 'public.example',
        'x-forwarded-port': '8080',
      },
      body: signed.body,
    };
    await expect(verify(scheme, request, { now: () => 0 })).resolves.toMatchObject({
      matchedKey: 'k1',
    });
    const untrusting = ethoca({ keys: { k1: 'secret' } });
    await expect(verify(untrusting, request, { now: () => 0 })).rejects.toMatchObject({
      code: 'invalid_signature',
    });
  });

  it('answers malformed_request without a Host header to build the URL from', async () => {
    const signed = signedFor('https://merchant.example/api/orders');
    await expect(
      verify(
        scheme,
        { method: 'POST', url: '/api/orders', headers: signed.headers, body: signed.body },
        { now: () => 0 },
      ),
    ).rejects.toMatchObject({
      code: 'malformed_request',
    });
  });

  it('reads a Host header with a non-default port and surrounding spaces', async () => {
    const scheme = ethoca({ keys: { k1: 'secret' } });
    const signed = sign(scheme, { url: 'https://merchant.example:8443/x', body: {} }, { now });
    for (const host of ['merchant.example:8443', ' merchant.example:8443 ']) {
      const request = {
        method: 'POST',
        url: '/x',
        headers: { ...signed.headers, host },
        body: signed.body,
      };
      await expect(verify(scheme, request, { now })).resolves.toBeDefined();
    }
  });

  it('takes the path and query from an absolute-form request target', async () => {
    const signed = sign(
      ethoca({ keys: { k1: 'secret' }, publicUrl: 'https://merchant.example' }),
      { url: '/api/orders?x=1', body: {} },
      { now: () => 0 },
    );
    const scheme2 = ethoca({ keys: { k1: 'secret' }, publicUrl: 'https://merchant.example' });
    await expect(
      verify(
        scheme2,
        {
          method: 'POST',
          url: 'http://proxy.local/api/orders?x=1',
          headers: signed.headers,
          body: signed.body,
        },
        { now: () => 0 },
      ),
    ).resolves.toBeDefined();
  });

  it('answers missing_signature for an empty KeyRef', async () => {
    const signed = signedFor('https://merchant.example/x');
    const headers = {
      ...signed.headers,
      host: 'merchant.example',
      authorization: String(signed.headers.authorization).replace('KeyRef=k1', 'KeyRef='),
    };
    await expect(
      verify(scheme, { method: 'POST', url: '/x', headers, body: signed.body }, { now: () => 0 }),
    ).rejects.toMatchObject({ code: 'missing_signature' });
  });
});

describe('Ethoca request targets in absolute form', () => {
  it('rejects an Ethoca request whose absolute target the URL Standard refuses with malformed_request', async () => {
    const scheme = ethoca({ keys: { k1: 'secret' }, publicUrl: 'https://merchant.example' });
    const now = () => Date.parse('2023-11-14T22:13:20Z');
    const signed = sign(scheme, { url: '/x', body: { a: 1 } }, { now });
    const request = {
      method: 'POST',
      url: 'https://merchant.example:99999/x',
      headers: signed.headers,
      body: signed.body,
    };
    await expect(verify(scheme, request, { now })).rejects.toMatchObject({
      code: 'malformed_request',
    });
  });
});

describe('Ethoca replays', () => {
  it("treats Ethoca's double-encoded form of an accepted delivery as a replay", async () => {
    const replayStore = new MemoryReplayStore();
    await accept(ethocaScheme, signedEthoca({ a: 1 }), { now: ETHOCA_NOW, replayStore });
    await expect(
      verify(ethocaScheme, signedEthoca({ a: 1 }, 'double-encoded'), {
        now: ETHOCA_NOW,
        replayStore,
      }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });
});
