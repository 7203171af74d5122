import { Readable } from 'node:stream';
import { WebhookVerificationError } from '@hookguard/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KeyCache } from '../../src/keys/key-cache.js';
import {
  DEFAULT_KEY_DOCUMENT_MAX_BYTES,
  DEFAULT_KEY_FETCH_TIMEOUT_MS,
  type FetchFunction,
  fetchKeyDocument,
  type KeyFetchPolicy,
  keyFetchPolicy,
  trustedKeyUrl,
} from '../../src/keys/key-fetch.js';
import { answer, type KeyServer, keyServers, writeLazily } from '../support/key-server.js';

// Fetching a vendor's key: which URLs are ever fetched (untrusted_key_url, and the server
// sees nothing), and what a key server can do to us (slow, failing, redirecting, endless)
// without it becoming anything but key_unavailable, in bounded time and memory. Every
// server here is real (node:http on 127.0.0.1); the policy's `fetch` maps the vendor's
// https URL to it, which is what that option is for. Deadlines are short and the tests
// assert outcomes, never durations.

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----\n';
const CERT_URL = 'https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77';
const PAYPAL_HOSTS = ['api.paypal.com', 'api.sandbox.paypal.com'];
const SNS_HOSTS = ['sns.{aws-region}.amazonaws.com', 'sns.{aws-region}.amazonaws.com.cn'];

const { serve, closeAll } = keyServers();
afterEach(async () => {
  vi.unstubAllGlobals();
  await closeAll();
});

function paypal(server: KeyServer, extra: Partial<KeyFetchPolicy> = {}): KeyFetchPolicy {
  return keyFetchPolicy({
    provider: 'paypal',
    allowedHosts: PAYPAL_HOSTS,
    fetch: server.fetch,
    ...extra,
  });
}

async function rejection(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof WebhookVerificationError))
    throw new Error(`expected a WebhookVerificationError, got ${String(error)}`);
  return error;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('fetchKeyDocument: a good document', () => {
  it('returns the bytes a 200 answers with, fetched by GET at the checked URL', async () => {
    const server = await serve(answer(200, PEM, { 'content-type': 'application/x-pem-file' }));
    expect(text(await fetchKeyDocument(CERT_URL, paypal(server)))).toBe(PEM);
    expect(server.fetched).toEqual([CERT_URL]);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request).toMatchObject({
      method: 'GET',
      url: '/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77',
      body: '',
    });
    expect(request?.headers.cookie).toBeUndefined();
    expect(request?.headers.authorization).toBeUndefined();
  });

  it('accepts the sandbox host and a query string', async () => {
    const server = await serve(answer(200, PEM));
    const url = 'https://api.sandbox.paypal.com/v1/certs/CERT-1?x=1';
    expect(text(await fetchKeyDocument(url, paypal(server)))).toBe(PEM);
    expect(server.requests[0]?.url).toBe('/v1/certs/CERT-1?x=1');
  });

  it('joins a body that arrives in many chunks', async () => {
    const server = await serve((_request, response, written) => {
      response.writeHead(200);
      writeLazily(response, 300 * 1024, written);
    });
    const document = await fetchKeyDocument(CERT_URL, paypal(server, { maxBytes: 300 * 1024 }));
    expect(document.byteLength).toBe(300 * 1024);
    expect(document.every((byte) => byte === 0x78)).toBe(true);
  });

  it("posts JSON with the preset's headers for a key endpoint such as Plaid's", async () => {
    const jwk = '{"key":{"kid":"k1","kty":"EC","crv":"P-256","x":"a","y":"b"}}';
    const server = await serve(answer(200, jwk, { 'content-type': 'application/json' }));
    const policy = keyFetchPolicy({
      provider: 'plaid',
      allowedHosts: ['production.plaid.com', 'sandbox.plaid.com'],
      fetch: server.fetch,
    });
    const document = await fetchKeyDocument(
      'https://sandbox.plaid.com/webhook_verification_key/get',
      policy,
      {
        method: 'POST',
        json: { client_id: 'c', secret: 'plaid-secret', key_id: 'k1' },
        headers: { 'plaid-version': '2020-09-14', 'content-type': 'text/plain' },
      },
    );
    expect(text(document)).toBe(jwk);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      url: '/webhook_verification_key/get',
      body: '{"client_id":"c","secret":"plaid-secret","key_id":"k1"}',
      headers: { 'content-type': 'application/json', 'plaid-version': '2020-09-14' },
    });
  });

  it('never puts the POST body (which carries a secret) in a message', async () => {
    const server = await serve(answer(400, '{"error":"plaid-secret is wrong"}'));
    const policy = keyFetchPolicy({
      provider: 'plaid',
      allowedHosts: ['production.plaid.com'],
      fetch: server.fetch,
    });
    const error = await rejection(
      fetchKeyDocument('https://production.plaid.com/webhook_verification_key/get', policy, {
        method: 'POST',
        json: { secret: 'plaid-secret' },
      }),
    );
    expect(error).toMatchObject({ code: 'key_unavailable', status: 503, provider: 'plaid' });
    expect(error.message).not.toContain('plaid-secret');
  });

  it('still checks a fixed URL against the hosts', async () => {
    const server = await serve(answer(200, '{}'));
    const policy = keyFetchPolicy({
      provider: 'plaid',
      allowedHosts: ['production.plaid.com'],
      fetch: server.fetch,
    });
    const error = await rejection(
      fetchKeyDocument('https://sandbox.plaid.com/webhook_verification_key/get', policy, {
        method: 'POST',
        json: {},
      }),
    );
    expect(error.code).toBe('untrusted_key_url');
    expect(server.requests).toEqual([]);
  });

  it('uses the global fetch, looked up at the call, when the policy has none', async () => {
    const server = await serve(answer(200, PEM));
    const policy = keyFetchPolicy({ provider: 'paypal', allowedHosts: PAYPAL_HOSTS });
    vi.stubGlobal('fetch', server.fetch);
    expect(text(await fetchKeyDocument(CERT_URL, policy))).toBe(PEM);
    expect(server.requests).toHaveLength(1);
  });

  it('is key_unavailable, naming the option, where the runtime has no global fetch', async () => {
    const policy = keyFetchPolicy({ provider: 'paypal', allowedHosts: PAYPAL_HOSTS });
    vi.stubGlobal('fetch', undefined);
    const error = await rejection(fetchKeyDocument(CERT_URL, policy));
    expect(error.code).toBe('key_unavailable');
    expect(error.message).toMatch(/no global fetch; pass one as the fetch option/);
  });

  it('calls fetch as a plain function, not as a method of the policy (workerd refuses that)', async () => {
    const server = await serve(answer(200, PEM));
    let receiver: unknown = 'not called';
    const fetch: FetchFunction = function (this: unknown, input, init) {
      receiver = this;
      return server.fetch(input, init);
    };
    await fetchKeyDocument(CERT_URL, paypal(server, { fetch }));
    expect(receiver).toBeUndefined();
  });
});

describe('fetchKeyDocument: URLs outside the allow-list are never fetched', () => {
  const refused = [
    ['http, not https', 'http://api.paypal.com/v1/certs/CERT-1'],
    ['another host', 'https://evil.example/v1/certs/CERT-1'],
    ['the host as a prefix of another', 'https://api.paypal.com.evil.com/v1/certs/CERT-1'],
    ['the host as a suffix of another', 'https://evilapi.paypal.com/v1/certs/CERT-1'],
    ['a subdomain', 'https://x.api.paypal.com/v1/certs/CERT-1'],
    ['the parent domain', 'https://paypal.com/v1/certs/CERT-1'],
    ['a user name', 'https://user@api.paypal.com/v1/certs/CERT-1'],
    ['the host as a user name', 'https://api.paypal.com@evil.example/v1/certs/CERT-1'],
    ['the host as user and password', 'https://api.paypal.com:x@evil.example/'],
    ['the host after a fragment', 'https://evil.example#@api.paypal.com/'],
    ['the host after a query', 'https://evil.example?@api.paypal.com/'],
    ['port 444', 'https://api.paypal.com:444/v1/certs/CERT-1'],
    ['an explicit port 443', 'https://api.paypal.com:443/v1/certs/CERT-1'],
    ['an empty port', 'https://api.paypal.com:/v1/certs/CERT-1'],
    ['an IPv4 address', 'https://127.0.0.1/v1/certs/CERT-1'],
    ['an IPv4 address in hex', 'https://0x7f.1/v1/certs/CERT-1'],
    ['an IPv4 address as one number', 'https://2130706433/v1/certs/CERT-1'],
    ['an IPv6 address', 'https://[::1]/v1/certs/CERT-1'],
    ['a trailing dot', 'https://api.paypal.com./v1/certs/CERT-1'],
    ['an upper-case host', 'https://API.PAYPAL.COM/v1/certs/CERT-1'],
    ['a mixed-case host', 'https://Api.paypal.com/v1/certs/CERT-1'],
    ['an upper-case scheme', 'HTTPS://api.paypal.com/v1/certs/CERT-1'],
    ['a Cyrillic look-alike', 'https://\u0430pi.paypal.com/v1/certs/CERT-1'],
    ['its punycode', 'https://xn--pi-7ld.paypal.com/v1/certs/CERT-1'],
    ['ideographic full stops', 'https://api\u3002paypal\u3002com/v1/certs/CERT-1'],
    ['a fullwidth letter', 'https://\uff41pi.paypal.com/v1/certs/CERT-1'],
    ['a percent-escaped dot', 'https://api%2Epaypal.com/v1/certs/CERT-1'],
    ['a backslash before a user name', 'https://api.paypal.com\\@evil.example/'],
    ['a backslash as the path', 'https://evil.example\\api.paypal.com/'],
    ['a newline inside the host', 'https://api.pay\npal.com/v1/certs/CERT-1'],
    ['a tab inside the host', 'https://api.pay\tpal.com/v1/certs/CERT-1'],
    ['a leading space', ' https://api.paypal.com/v1/certs/CERT-1'],
    ['a trailing NUL', 'https://api.paypal.com/v1/certs/CERT-1\u0000'],
    ['one slash', 'https:/api.paypal.com/v1/certs/CERT-1'],
    ['no slashes', 'https:api.paypal.com/v1/certs/CERT-1'],
    ['three slashes', 'https:///api.paypal.com/v1/certs/CERT-1'],
    ['scheme-relative', '//api.paypal.com/v1/certs/CERT-1'],
    ['a path only', '/v1/certs/CERT-1'],
    ['a file URL', 'file:///etc/passwd'],
    ['a data URL', 'data:text/plain,-----BEGIN%20CERTIFICATE-----'],
    ['empty', ''],
    ['longer than 2,048 characters', `https://api.paypal.com/${'a'.repeat(2_100)}`],
  ] as const;

  it.each(refused)(
    'refuses %s with untrusted_key_url (401), and nothing is fetched',
    async (_, url) => {
      const server = await serve(answer(200, PEM));
      const error = await rejection(fetchKeyDocument(url, paypal(server)));
      expect(error).toMatchObject({ code: 'untrusted_key_url', status: 401, provider: 'paypal' });
      expect(error.message).toMatch(/^\[hookguard\] paypal: refused to fetch a key from the URL/);
      expect(server.fetched).toEqual([]);
      expect(server.requests).toEqual([]);
    },
  );

  it('refuses a value that is not text', async () => {
    const server = await serve(answer(200, PEM));
    for (const url of [undefined, null, 42, ['https://api.paypal.com/x']]) {
      const error = await rejection(fetchKeyDocument(url as never, paypal(server)));
      expect(error.code).toBe('untrusted_key_url');
    }
    expect(server.requests).toEqual([]);
  });

  it('shows at most 100 characters of the URL, with invisible characters escaped', async () => {
    const server = await serve(answer(200, PEM));
    const long = await rejection(
      fetchKeyDocument(`https://evil.example/${'a'.repeat(3_000)}`, paypal(server)),
    );
    expect(long.message).toContain(`"https://evil.example/${'a'.repeat(79)}…"`);
    expect(long.message).not.toContain('a'.repeat(80));
    const controls = await rejection(
      fetchKeyDocument(`https://evil.example/\r\n${'\u0000'.repeat(500)}`, paypal(server)),
    );
    for (const invisible of ['\r', '\n', '\u0000'])
      expect(controls.message).not.toContain(invisible);
    expect(controls.message).toContain('\\r\\n\\u{0000}');
    expect(controls.message.length).toBeLessThan(600);
  });

  it("lists the provider's hosts in the message", async () => {
    const server = await serve(answer(200, PEM));
    const error = await rejection(fetchKeyDocument('https://evil.example/', paypal(server)));
    expect(error.message).toContain('(api.paypal.com, api.sandbox.paypal.com)');
  });
});

describe('allowedHosts: exact names, and patterns stated as data', () => {
  const sns = keyFetchPolicy({ provider: 'aws-sns', allowedHosts: SNS_HOSTS });

  it.each([
    'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-01d088a6f77103d0fe307c0069e40ed6.pem',
    'https://sns.eu-central-2.amazonaws.com/SimpleNotificationService-x.pem',
    'https://sns.us-gov-west-1.amazonaws.com/SimpleNotificationService-x.pem',
    'https://sns.us-isob-east-1.amazonaws.com/SimpleNotificationService-x.pem',
    'https://sns.eusc-de-east-1.amazonaws.com/SimpleNotificationService-x.pem',
    'https://sns.ap-southeast-7.amazonaws.com/SimpleNotificationService-x.pem',
    'https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-x.pem',
    'https://sns.cn-northwest-1.amazonaws.com.cn/SimpleNotificationService-x.pem',
  ])('lets SNS fetch from %s', (url) => {
    expect(trustedKeyUrl(url, sns).href).toBe(url);
  });

  it.each([
    // S3's legacy virtual-hosted names for a bucket called `sns`: anyone could own it.
    'https://sns.s3.amazonaws.com/cert.pem',
    'https://sns.s3-us-west-2.amazonaws.com/cert.pem',
    'https://sns.s3-external-1.amazonaws.com/cert.pem',
    'https://sns.s3-website-us-east-1.amazonaws.com/cert.pem',
    'https://sns.compute-1.amazonaws.com/cert.pem',
    'https://sns.amazonaws.com/cert.pem',
    'https://sns.us-east-1.amazonaws.com.evil.example/cert.pem',
    'https://sns.us-east-1.amazonaws.co/cert.pem',
    'https://sns.us-east-1.evil.amazonaws.com/cert.pem',
    'https://evil.sns.us-east-1.amazonaws.com/cert.pem',
    'https://sns.us-east-1.amazonaws.com.cn.evil.example/cert.pem',
    'https://sns.us-east-1x.amazonaws.com/cert.pem',
    'https://sns.US-EAST-1.amazonaws.com/cert.pem',
    'https://sqs.us-east-1.amazonaws.com/cert.pem',
    'http://sns.us-east-1.amazonaws.com/cert.pem',
  ])('refuses %s for SNS', (url) => {
    expect(() => trustedKeyUrl(url, sns)).toThrow(
      expect.objectContaining({ code: 'untrusted_key_url', provider: 'aws-sns' }),
    );
  });

  it('fetches an SNS certificate through a pattern', async () => {
    const server = await serve(answer(200, PEM));
    const url = 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-x.pem';
    const policy = keyFetchPolicy({
      provider: 'aws-sns',
      allowedHosts: SNS_HOSTS,
      fetch: server.fetch,
    });
    expect(text(await fetchKeyDocument(url, policy))).toBe(PEM);
    expect(server.requests[0]?.url).toBe('/SimpleNotificationService-x.pem');
  });

  it.each([
    ['a wildcard', '*.paypal.com'],
    ['upper case', 'API.paypal.com'],
    ['a trailing dot', 'api.paypal.com.'],
    ['a port', 'api.paypal.com:443'],
    ['a scheme', 'https://api.paypal.com'],
    ['an IPv4 address', '127.0.0.1'],
    ['an IPv6 address', '[::1]'],
    ['one label', 'localhost'],
    ['an empty label', 'api..paypal.com'],
    ['a label ending in a hyphen', 'api-.paypal.com'],
    ['non-ASCII', '\u0430pi.paypal.com'],
    ['an unknown placeholder', 'sns.{region}.amazonaws.com'],
    ['a placeholder as the registered domain', 'sns.{aws-region}.com'],
    ['a placeholder last', 'amazonaws.{aws-region}'],
    ['a placeholder inside a label', 'sns-{aws-region}.amazonaws.com'],
    ['not text', 42],
  ])('refuses %s in allowedHosts with a TypeError', (_, host) => {
    expect(() => keyFetchPolicy({ provider: 'paypal', allowedHosts: [host as string] })).toThrow(
      TypeError,
    );
  });

  it.each([
    ['no provider', { allowedHosts: PAYPAL_HOSTS }],
    ['no hosts', { provider: 'paypal', allowedHosts: [] }],
    ['hosts not in a list', { provider: 'paypal', allowedHosts: 'api.paypal.com' }],
    [
      'a fetch that is not a function',
      { provider: 'paypal', allowedHosts: PAYPAL_HOSTS, fetch: 'x' },
    ],
    ['a zero timeout', { provider: 'paypal', allowedHosts: PAYPAL_HOSTS, timeoutMs: 0 }],
    ['a NaN timeout', { provider: 'paypal', allowedHosts: PAYPAL_HOSTS, timeoutMs: Number.NaN }],
    [
      'a timeout setTimeout cannot hold',
      { provider: 'paypal', allowedHosts: PAYPAL_HOSTS, timeoutMs: 2 ** 31 },
    ],
    ['a zero size', { provider: 'paypal', allowedHosts: PAYPAL_HOSTS, maxBytes: 0 }],
    ['a fractional size', { provider: 'paypal', allowedHosts: PAYPAL_HOSTS, maxBytes: 1.5 }],
  ])('refuses a policy with %s with a TypeError', (_, policy) => {
    expect(() => keyFetchPolicy(policy as never)).toThrow(TypeError);
  });

  it('refuses a policy that is not an object', () => {
    expect(() => keyFetchPolicy(null as never)).toThrow(TypeError);
  });

  it('rejects with the TypeError, before fetching, for a policy not checked before', async () => {
    const server = await serve(answer(200, PEM));
    await expect(
      fetchKeyDocument(CERT_URL, { provider: 'paypal', allowedHosts: ['*'], fetch: server.fetch }),
    ).rejects.toThrow(TypeError);
    expect(server.requests).toEqual([]);
  });

  it('has safe defaults', () => {
    expect(DEFAULT_KEY_FETCH_TIMEOUT_MS).toBe(5_000);
    expect(DEFAULT_KEY_DOCUMENT_MAX_BYTES).toBe(65_536);
  });
});

describe('fetchKeyDocument: a key server that misbehaves is key_unavailable (503)', () => {
  it('when the headers do not arrive within the timeout, and the connection is closed', async () => {
    const server = await serve(() => {});
    const error = await rejection(fetchKeyDocument(CERT_URL, paypal(server, { timeoutMs: 200 })));
    expect(error).toMatchObject({ code: 'key_unavailable', status: 503, provider: 'paypal' });
    expect(error.message).toContain('no complete answer within 200 ms');
    expect(error.cause).toMatchObject({ name: 'KeyFetchTimeout' });
    const [closed] = await server.closedCount(1);
    expect(closed?.finished).toBe(false);
  });

  it('when the body stalls after the headers, and the connection is closed', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-pem-file' });
      response.write('-----BEGIN CERTIFICATE-----\n');
    });
    const error = await rejection(fetchKeyDocument(CERT_URL, paypal(server, { timeoutMs: 300 })));
    expect(error.code).toBe('key_unavailable');
    expect(error.message).toContain('no complete answer within 300 ms');
    const [closed] = await server.closedCount(1);
    expect(closed?.finished).toBe(false);
  });

  it('when a fetch ignores its signal and never answers', async () => {
    const fetch: FetchFunction = () => new Promise<Response>(() => {});
    const error = await rejection(
      fetchKeyDocument(
        CERT_URL,
        keyFetchPolicy({ provider: 'paypal', allowedHosts: PAYPAL_HOSTS, fetch, timeoutMs: 100 }),
      ),
    );
    expect(error.code).toBe('key_unavailable');
    expect(error.cause).toMatchObject({ name: 'KeyFetchTimeout' });
  });

  it('when a fetch ignores its signal and answers late: that body is let go', async () => {
    let cancelled = false;
    let answerLate: (response: Response) => void = () => {};
    const fetch: FetchFunction = () =>
      new Promise<Response>((resolve) => {
        answerLate = resolve;
      });
    const error = await rejection(
      fetchKeyDocument(
        CERT_URL,
        keyFetchPolicy({ provider: 'paypal', allowedHosts: PAYPAL_HOSTS, fetch, timeoutMs: 100 }),
      ),
    );
    expect(error.code).toBe('key_unavailable');
    answerLate(
      new Response(
        new ReadableStream({
          cancel() {
            cancelled = true;
          },
        }),
      ),
    );
    await vi.waitFor(() => expect(cancelled).toBe(true));
  });

  it('when a body stream ignores the signal and never ends: it is cancelled at the deadline', async () => {
    let cancelled = false;
    const fetch: FetchFunction = async () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('-----BEGIN'));
          },
          cancel() {
            cancelled = true;
          },
        }),
      );
    const error = await rejection(
      fetchKeyDocument(
        CERT_URL,
        keyFetchPolicy({ provider: 'paypal', allowedHosts: PAYPAL_HOSTS, fetch, timeoutMs: 100 }),
      ),
    );
    expect(error.code).toBe('key_unavailable');
    expect(error.cause).toMatchObject({ name: 'KeyFetchTimeout' });
    expect(cancelled).toBe(true);
  });

  it.each([500, 503, 404, 204, 201])(
    'when the server answers %i, without a byte of its answer in the message',
    async (status) => {
      const server = await serve(answer(status, status === 204 ? '' : 'SERVER-SAYS-SOMETHING'));
      const error = await rejection(fetchKeyDocument(CERT_URL, paypal(server)));
      expect(error).toMatchObject({ code: 'key_unavailable', status: 503 });
      expect(error.message).toContain(`the server answered HTTP ${status}, not 200`);
      expect(error.message).not.toContain('SERVER-SAYS-SOMETHING');
    },
  );

  it.each([301, 302, 303, 307, 308])(
    'when the server redirects (%i): the redirect is not followed',
    async (status) => {
      const server = await serve((request, response) => {
        if (request.url === '/elsewhere') {
          response.writeHead(200);
          response.end(PEM);
          return;
        }
        response.writeHead(status, { location: '/elsewhere' });
        response.end();
      });
      const error = await rejection(fetchKeyDocument(CERT_URL, paypal(server)));
      expect(error.code).toBe('key_unavailable');
      expect(error.message).toContain(
        `answered a redirect (HTTP ${status}), which is not followed`,
      );
      expect(server.requests.map(({ url }) => url)).toEqual([
        '/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77',
      ]);
    },
  );

  it("when a browser's fetch answers an opaque redirect (status 0)", async () => {
    const fetch: FetchFunction = async () =>
      ({ status: 0, redirected: false, type: 'opaqueredirect', body: null }) as Response;
    const error = await rejection(
      fetchKeyDocument(
        CERT_URL,
        keyFetchPolicy({ provider: 'paypal', allowedHosts: PAYPAL_HOSTS, fetch }),
      ),
    );
    expect(error.message).toContain('answered a redirect (HTTP 0), which is not followed');
  });

  it('when a fetch followed a redirect anyway', async () => {
    const server = await serve(answer(200, PEM));
    const fetch: FetchFunction = async (input, init) => {
      const response = await server.fetch(input, init);
      Object.defineProperty(response, 'redirected', { value: true });
      return response;
    };
    const error = await rejection(fetchKeyDocument(CERT_URL, paypal(server, { fetch })));
    expect(error.message).toContain('the fetch followed a redirect');
  });

  it('when the connection is refused, keeping the error as the cause', async () => {
    const server = await serve(answer(200, PEM));
    await server.close();
    const error = await rejection(fetchKeyDocument(CERT_URL, paypal(server)));
    expect(error.code).toBe('key_unavailable');
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(error.message).toContain('the fetch failed (TypeError ECONNREFUSED)');
  });

  it('when fetch throws, keeping the error as the cause and its message out of ours', async () => {
    const thrown = Object.assign(new Error('proxy said: -----BEGIN PRIVATE KEY----- hunter2'), {
      code: 'EPROXY',
    });
    const fetch: FetchFunction = () => {
      throw thrown;
    };
    const error = await rejection(
      fetchKeyDocument(
        CERT_URL,
        keyFetchPolicy({ provider: 'paypal', allowedHosts: PAYPAL_HOSTS, fetch }),
      ),
    );
    expect(error.code).toBe('key_unavailable');
    expect(error.cause).toBe(thrown);
    expect(error.message).toContain('the fetch failed (Error EPROXY)');
    expect(error.message).not.toContain('hunter2');
  });

  it('when fetch rejects with something that is not an Error', async () => {
    const fetch: FetchFunction = () => Promise.reject('hunter2');
    const error = await rejection(
      fetchKeyDocument(
        CERT_URL,
        keyFetchPolicy({ provider: 'paypal', allowedHosts: PAYPAL_HOSTS, fetch }),
      ),
    );
    expect(error.message).toContain('the fetch failed.');
    expect(error.message).not.toContain('hunter2');
  });

  it('when the answer is empty', async () => {
    const server = await serve(answer(200, ''));
    const error = await rejection(fetchKeyDocument(CERT_URL, paypal(server)));
    expect(error.message).toContain('the answer is empty');
  });

  it('when the body stream gives something other than bytes', async () => {
    const fetch: FetchFunction = async () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue('text, not bytes' as never);
            controller.close();
          },
        }),
      );
    const error = await rejection(
      fetchKeyDocument(
        CERT_URL,
        keyFetchPolicy({ provider: 'paypal', allowedHosts: PAYPAL_HOSTS, fetch }),
      ),
    );
    expect(error.message).toContain('the body stream gave something other than bytes');
  });

  it('shows the URL it fetched, and the host to check', async () => {
    const server = await serve(answer(500, ''));
    const error = await rejection(fetchKeyDocument(CERT_URL, paypal(server)));
    expect(error.message).toBe(
      `[hookguard] paypal: could not fetch the key from "${CERT_URL}": the server answered HTTP 500, not 200. Nothing was accepted, and paypal retries a 503; if this lasts, check outbound HTTPS from this server to api.paypal.com (an egress proxy, DNS), or pass a fetch that goes through your proxy.`,
    );
  });
});

describe('fetchKeyDocument: the size cap', () => {
  const CAP = 1_024;

  it.each([
    ['with a Content-Length', true],
    ['chunked', false],
  ])('takes a body of exactly maxBytes, %s', async (_, declared) => {
    const server = await serve((_request, response) => {
      response.writeHead(200, declared ? { 'content-length': String(CAP) } : {});
      response.write('x'.repeat(CAP - 1));
      response.end('y');
    });
    const document = await fetchKeyDocument(CERT_URL, paypal(server, { maxBytes: CAP }));
    expect(document.byteLength).toBe(CAP);
  });

  it.each([
    ['with a Content-Length', true],
    ['chunked', false],
  ])('refuses a body of maxBytes + 1, %s', async (_, declared) => {
    const server = await serve((_request, response) => {
      response.writeHead(200, declared ? { 'content-length': String(CAP + 1) } : {});
      response.write('x'.repeat(CAP));
      response.end('y');
    });
    const error = await rejection(fetchKeyDocument(CERT_URL, paypal(server, { maxBytes: CAP })));
    expect(error.code).toBe('key_unavailable');
    expect(error.message).toContain(`the answer is larger than the limit of ${CAP} bytes`);
  });

  it('stops reading a 100 MB body early and closes the connection', async () => {
    const TOTAL = 100 * 1024 * 1024;
    const server = await serve((_request, response, written) => {
      response.writeHead(200, { 'content-type': 'application/x-pem-file' });
      writeLazily(response, TOTAL, written);
    });
    const error = await rejection(fetchKeyDocument(CERT_URL, paypal(server)));
    expect(error.code).toBe('key_unavailable');
    expect(error.message).toContain('larger than the limit of 65536 bytes');
    const [closed] = await server.closedCount(1);
    expect(closed?.finished).toBe(false);
    // The server writes only as fast as the client reads: what it got out is socket buffers
    // and a chunk or two, a small fraction of the 100 MB.
    expect(closed?.bytesWritten).toBeLessThan(TOTAL / 4);
  });

  it('refuses a declared 100 MB body before reading it', async () => {
    const TOTAL = 100 * 1024 * 1024;
    const server = await serve((_request, response, written) => {
      response.writeHead(200, { 'content-length': String(TOTAL) });
      writeLazily(response, TOTAL, written);
    });
    const error = await rejection(fetchKeyDocument(CERT_URL, paypal(server)));
    expect(error.message).toContain('larger than the limit of 65536 bytes');
    const [closed] = await server.closedCount(1);
    expect(closed?.finished).toBe(false);
    expect(closed?.bytesWritten).toBeLessThan(TOTAL / 4);
  });

  describe('from a fetch whose body is not a Web stream (node-fetch gives a Node stream)', () => {
    const nodeFetchLike =
      (body: string, headers: Record<string, string>, spoken = body): FetchFunction =>
      async () =>
        ({
          status: 200,
          redirected: false,
          headers: new Headers(headers),
          body: Readable.from([Buffer.from(body)]),
          arrayBuffer: async () => new TextEncoder().encode(spoken).buffer,
        }) as unknown as Response;
    const policy = (fetch: FetchFunction) =>
      keyFetchPolicy({ provider: 'paypal', allowedHosts: PAYPAL_HOSTS, fetch, maxBytes: CAP });

    it('reads it whole when it declares a length within the cap', async () => {
      const fetch = nodeFetchLike(PEM, { 'content-length': String(PEM.length) });
      expect(text(await fetchKeyDocument(CERT_URL, policy(fetch)))).toBe(PEM);
    });

    it('refuses it without a declared length: it could be endless', async () => {
      const error = await rejection(fetchKeyDocument(CERT_URL, policy(nodeFetchLike(PEM, {}))));
      expect(error.message).toContain('not a ReadableStream and has no Content-Length');
    });

    it('refuses a declared length over the cap', async () => {
      const fetch = nodeFetchLike('x', { 'content-length': String(CAP + 1) });
      const error = await rejection(fetchKeyDocument(CERT_URL, policy(fetch)));
      expect(error.message).toContain(`larger than the limit of ${CAP} bytes`);
    });

    it('refuses more bytes than it declared', async () => {
      const fetch = nodeFetchLike('x', { 'content-length': '1' }, 'x'.repeat(CAP + 1));
      const error = await rejection(fetchKeyDocument(CERT_URL, policy(fetch)));
      expect(error.message).toContain(`larger than the limit of ${CAP} bytes`);
    });
  });
});

describe('KeyCache with fetched keys', () => {
  const cacheFor = (server: KeyServer) => {
    const cache = new KeyCache<string>({ maxTtlMs: 60_000 });
    const policy = paypal(server);
    const loader = async (url: string) => ({
      value: text(await fetchKeyDocument(url, policy)),
      expiresAt: 30_000,
    });
    return { cache, load: (now: number) => cache.load(CERT_URL, loader, now) };
  };

  it('shares one fetch among 10 concurrent misses', async () => {
    const server = await serve(answer(200, PEM));
    const { cache, load } = cacheFor(server);
    const keys = await Promise.all(Array.from({ length: 10 }, () => load(0)));
    expect(keys).toEqual(Array(10).fill(PEM));
    expect(server.requests).toHaveLength(1);
    expect(cache.get(CERT_URL, 1)).toBe(PEM);
  });

  it("fetches again once the key's own expiry has passed on the injected clock", async () => {
    const server = await serve(answer(200, PEM));
    const { cache, load } = cacheFor(server);
    await load(0);
    await load(29_999);
    expect(server.requests).toHaveLength(1);
    expect(cache.get(CERT_URL, 29_999)).toBe(PEM);
    expect(cache.get(CERT_URL, 30_000)).toBeUndefined();
    await load(30_000);
    expect(server.requests).toHaveLength(2);
  });

  it('keeps no failure: every concurrent waiter gets it, and the next load fetches again', async () => {
    let failing = true;
    const server = await serve((_request, response) => {
      response.writeHead(failing ? 500 : 200);
      response.end(PEM);
    });
    const { cache, load } = cacheFor(server);
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => load(0)));
    const reasons = outcomes.map((outcome) =>
      outcome.status === 'rejected' ? outcome.reason : 'fulfilled',
    );
    expect(new Set(reasons).size).toBe(1);
    expect(reasons[0]).toMatchObject({ code: 'key_unavailable' });
    expect(server.requests).toHaveLength(1);
    expect(cache.get(CERT_URL, 0)).toBeUndefined();
    failing = false;
    expect(await load(1)).toBe(PEM);
    expect(server.requests).toHaveLength(2);
  });
});
