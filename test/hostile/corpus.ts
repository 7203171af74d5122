import {
  cashfree,
  ethoca,
  fiserv,
  sign,
  smileId,
  twilio,
  type WebhookErrorCode,
  type WebhookScheme,
} from '@hookguard/core';

/** The routes every hostile request is aimed at, and their fixed clock. */
export const NOW = 1_700_000_000_000;
export const SECRET = 'corpus-secret-value-9f2c';
export const ROUTES: Record<string, WebhookScheme> = {
  '/hook': cashfree.webhook({ secret: SECRET }),
  '/form': cashfree.subscription({ secret: SECRET }),
  '/smile': smileId({ partnerId: '085', apiKey: SECRET }),
  '/fiserv': fiserv({ apiKey: 'corpus-api-key', secret: SECRET }),
  '/ethoca': ethoca({ keys: { k1: SECRET }, publicUrl: 'https://merchant.example' }),
  // No publicUrl: the signed URL is built from the Host header.
  '/twilio': twilio({ authToken: SECRET }),
};

/** One hostile request: the raw bytes, and the 4xx (with its code) it must get. */
export interface HostileCase {
  readonly name: string;
  readonly raw: Buffer;
  readonly expect: { readonly status: number; readonly code: WebhookErrorCode };
  /** Send the bytes, then wait for the server without closing (a client that stalls). */
  readonly stall?: boolean;
  /** A header sent twice: an adapter on a Web Request sees it merged (see AdapterHarness). */
  readonly repeatedHeader?: boolean;
  /**
   * The request target is in absolute form. A server in front of a Web `Request` handler
   * turns the target into the Request's URL before any adapter sees it (@hono/node-server
   * answers 400 itself for one the URL Standard refuses), so there the case can only show
   * a 4xx below 500.
   */
  readonly absoluteTarget?: boolean;
  /**
   * The body announced is never sent, or is refused before it is read: only an adapter that
   * reads the stream itself sees such a request. A platform that hands the adapter a whole
   * body (API Gateway and an ALB invoking a Lambda) answers it before invoking anything
   * (API Gateway refuses a payload over 10 MB with 413), so the case is not the adapter's.
   */
  readonly unfinishedBody?: boolean;
}

interface RequestSpec {
  readonly method?: string;
  /** The request target: a path, or an absolute URL (absolute form). */
  readonly path: string;
  /** `HTTP/1.1` unless told. */
  readonly version?: string;
  /** The Host header; null for none. */
  readonly host?: string | null;
  readonly headers?: readonly (readonly [string, string])[];
  readonly body?: string | Buffer;
  /** A Content-Length to declare instead of the real one; null for none. */
  readonly contentLength?: string | null;
  /** Send the body as these chunks with Transfer-Encoding: chunked. */
  readonly chunks?: readonly (string | Buffer)[];
}

/** Raw HTTP/1.1 bytes, byte for byte what the test says (no client library in between). */
export function http(spec: RequestSpec): Buffer {
  const body = spec.body === undefined ? Buffer.alloc(0) : Buffer.from(spec.body);
  const host = spec.host === undefined ? 'merchant.example' : spec.host;
  const lines = [
    `${spec.method ?? 'POST'} ${spec.path} ${spec.version ?? 'HTTP/1.1'}`,
    ...(host === null ? [] : [`Host: ${host}`]),
    'Connection: close',
  ];
  for (const [name, value] of spec.headers ?? []) lines.push(`${name}: ${value}`);
  if (spec.chunks !== undefined) {
    lines.push('Transfer-Encoding: chunked');
    const framed = spec.chunks.flatMap((chunk) => {
      const bytes = Buffer.from(chunk);
      return [Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')];
    });
    return Buffer.concat([
      Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'),
      ...framed,
      Buffer.from('0\r\n\r\n'),
    ]);
  }
  const length = spec.contentLength === undefined ? String(body.length) : spec.contentLength;
  if (length !== null) lines.push(`Content-Length: ${length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

const JSON_TYPE = ['Content-Type', 'application/json'] as const;
const FORM_TYPE = ['Content-Type', 'application/x-www-form-urlencoded'] as const;
const cashfreeScheme = ROUTES['/hook'] as ReturnType<typeof cashfree.webhook>;

/** Cashfree headers signed for `signedBody`, as pairs. */
function cashfreeHeaders(
  signedBody: string | Buffer,
  overrides: Record<string, string> = {},
): [string, string][] {
  const { headers } = sign(cashfreeScheme, { body: signedBody, timestamp: NOW });
  return Object.entries({
    'x-webhook-timestamp': headers['x-webhook-timestamp'] as string,
    'x-webhook-signature': headers['x-webhook-signature'] as string,
    ...overrides,
  });
}

const VALID_JSON = '{"type":"PAYMENT_SUCCESS_WEBHOOK","data":{"order":{"order_amount":100}}}';
const cf = (
  body: string | Buffer,
  extra: readonly (readonly [string, string])[] = [],
  signedFor = VALID_JSON,
) => http({ path: '/hook', headers: [JSON_TYPE, ...cashfreeHeaders(signedFor), ...extra], body });
// Signed over the exact bytes: a Buffer is signed as bytes, never decoded first.
const signedCf = (body: string | Buffer) =>
  http({ path: '/hook', headers: [JSON_TYPE, ...cashfreeHeaders(body)], body });
const withSignature = (signature: string) =>
  http({
    path: '/hook',
    headers: [JSON_TYPE, ...cashfreeHeaders(VALID_JSON, { 'x-webhook-signature': signature })],
    body: VALID_JSON,
  });
const withTimestamp = (timestamp: string) =>
  http({
    path: '/hook',
    headers: [JSON_TYPE, ...cashfreeHeaders(VALID_JSON, { 'x-webhook-timestamp': timestamp })],
    body: VALID_JSON,
  });
const withType = (type: string) =>
  http({
    path: '/hook',
    headers: [['Content-Type', type], ...cashfreeHeaders(VALID_JSON)],
    body: VALID_JSON,
  });
const form = (body: string) => http({ path: '/form', headers: [FORM_TYPE], body });
const smile = (body: string) => http({ path: '/smile', headers: [JSON_TYPE], body });
const ethocaRequest = (authorization: string, extra: [string, string][] = []) =>
  http({
    path: '/ethoca',
    headers: [
      JSON_TYPE,
      ['X-Eth-Date', '2023-11-14T22:13:20Z'],
      ['Authorization', authorization],
      ...extra,
    ],
    body: '{"a":1}',
  });

const twilioRequest = (target: string, extra: Partial<RequestSpec> = {}) =>
  http({
    path: target,
    headers: [FORM_TYPE, ['X-Twilio-Signature', 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=']],
    body: 'CallSid=CA1&From=%2B15551234567',
    ...extra,
  });

const MiB = 1024 * 1024;
const unauthorized = (code: WebhookErrorCode) => ({ status: 401, code });
const bad = { status: 400, code: 'malformed_request' as const };
const unsupported = { status: 415, code: 'unsupported_media_type' as const };

/** At least 60 hostile requests, each of which must get a 4xx with a code. */
export function hostileCases(): HostileCase[] {
  const cases: HostileCase[] = [
    // Empty and truncated bodies.
    {
      name: 'empty body, Content-Length 0',
      raw: http({ path: '/hook', headers: [JSON_TYPE, ...cashfreeHeaders(VALID_JSON)], body: '' }),
      expect: unauthorized('invalid_signature'),
    },
    {
      name: 'empty body, no Content-Type',
      raw: http({ path: '/hook', headers: cashfreeHeaders(VALID_JSON), body: '' }),
      expect: unauthorized('invalid_signature'),
    },
    { name: 'empty body signed as empty (not JSON)', raw: signedCf(''), expect: bad },
    {
      name: 'JSON cut short, signature of the whole',
      raw: cf(VALID_JSON.slice(0, 20)),
      expect: unauthorized('invalid_signature'),
    },
    {
      name: 'JSON cut short and signed that way',
      raw: signedCf(VALID_JSON.slice(0, 20)),
      expect: bad,
    },
    {
      name: 'a body of only whitespace',
      raw: cf('   \n\t '),
      expect: unauthorized('invalid_signature'),
    },
    // Encodings.
    {
      name: 'invalid UTF-8',
      raw: cf(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])),
      expect: unauthorized('invalid_signature'),
    },
    {
      name: 'invalid UTF-8, signed',
      raw: signedCf(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d])),
      expect: bad,
    },
    {
      name: 'overlong UTF-8 encoding of "/", signed',
      raw: signedCf(Buffer.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d])),
      expect: bad,
    },
    { name: 'UTF-8 byte order mark, signed', raw: signedCf(`\ufeff${VALID_JSON}`), expect: bad },
    {
      name: 'UTF-16 byte order mark',
      raw: cf(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(VALID_JSON, 'utf16le')])),
      expect: unauthorized('invalid_signature'),
    },
    {
      name: 'NUL bytes in the body',
      raw: cf('{"a":"\u0000\u0000"}'),
      expect: unauthorized('invalid_signature'),
    },
    // Content types and charsets.
    { name: 'text/plain', raw: withType('text/plain'), expect: unsupported },
    { name: 'application/xml', raw: withType('application/xml'), expect: unsupported },
    {
      name: 'multipart/form-data',
      raw: withType('multipart/form-data; boundary=x'),
      expect: unsupported,
    },
    {
      name: 'form type on a JSON route',
      raw: withType('application/x-www-form-urlencoded'),
      expect: unsupported,
    },
    { name: 'application/jsonp', raw: withType('application/jsonp'), expect: unsupported },
    { name: 'application/json-seq', raw: withType('application/json-seq'), expect: unsupported },
    { name: 'a bare "json"', raw: withType('json'), expect: unsupported },
    // RFC 6838 §4.2: a subtype starts with a letter or digit, so "+json" alone is no type.
    { name: 'application/+json', raw: withType('application/+json'), expect: unsupported },
    {
      name: 'application/+json with a charset',
      raw: withType('application/+json; charset=utf-8'),
      expect: unsupported,
    },
    { name: 'application/.x+json', raw: withType('application/.x+json'), expect: unsupported },
    {
      name: 'application/vnd.x+json is JSON: read and verified (unsigned here)',
      raw: http({
        path: '/hook',
        headers: [['Content-Type', 'application/vnd.x+json'], ...cashfreeHeaders(VALID_JSON)],
        body: '{"type":"FORGED"}',
      }),
      expect: unauthorized('invalid_signature'),
    },
    {
      name: 'application/vnd.x+json, signed but not JSON',
      raw: http({
        path: '/hook',
        headers: [['Content-Type', 'application/vnd.x+json'], ...cashfreeHeaders('not json')],
        body: 'not json',
      }),
      expect: bad,
    },
    { name: 'an empty Content-Type with a body', raw: withType(''), expect: unsupported },
    { name: 'a Content-Type of ";"', raw: withType(';'), expect: unsupported },
    {
      name: 'charset=latin1',
      raw: withType('application/json; charset=latin1'),
      expect: unsupported,
    },
    {
      name: 'charset=utf-16',
      raw: withType('application/json; charset=utf-16'),
      expect: unsupported,
    },
    {
      name: 'no Content-Type with a body',
      raw: http({ path: '/hook', headers: cashfreeHeaders(VALID_JSON), body: VALID_JSON }),
      expect: unsupported,
    },
    {
      name: 'JSON type on a form route',
      raw: http({ path: '/form', headers: [JSON_TYPE], body: 'cf_a=1&signature=x' }),
      expect: unsupported,
    },
    {
      name: 'form route, charset=shift_jis',
      raw: http({
        path: '/form',
        headers: [['Content-Type', 'application/x-www-form-urlencoded; charset=shift_jis']],
        body: 'cf_a=1',
      }),
      expect: unsupported,
    },
    // Repeated headers.
    {
      name: 'signature header twice',
      raw: cf(VALID_JSON, [['x-webhook-signature', 'AAAA']]),
      expect: bad,
      repeatedHeader: true,
    },
    {
      name: 'timestamp header twice',
      raw: cf(VALID_JSON, [['x-webhook-timestamp', String(NOW)]]),
      expect: bad,
      repeatedHeader: true,
    },
    {
      name: 'Content-Type twice',
      raw: cf(VALID_JSON, [JSON_TYPE]),
      expect: bad,
      repeatedHeader: true,
    },
    {
      name: 'Ethoca Authorization twice',
      raw: ethocaRequest('ETHOCA-SHA1 KeyRef=k1,Signature=AAAA', [
        ['Authorization', 'ETHOCA-SHA1 KeyRef=k1,Signature=BBBB'],
      ]),
      expect: bad,
      repeatedHeader: true,
    },
    {
      name: 'Fiserv Client-Request-Id twice',
      raw: http({
        path: '/fiserv',
        headers: [
          JSON_TYPE,
          ['Api-Key', 'corpus-api-key'],
          ['Client-Request-Id', 'a'],
          ['Client-Request-Id', 'b'],
          ['Timestamp', String(NOW)],
          ['Message-Signature', 'AAAA'],
        ],
        body: '{}',
      }),
      expect: bad,
      repeatedHeader: true,
    },
    // Header values with control characters, huge headers (refused by Node's parser).
    {
      name: 'a control character in the signature header',
      raw: withSignature('abc\u0001def'),
      expect: bad,
    },
    { name: 'a NUL in a header value', raw: withSignature('abc\u0000def'), expect: bad },
    { name: 'a bare CR in a header value', raw: withSignature('abc\rdef'), expect: bad },
    { name: 'DEL in a header value', raw: withSignature('abc\u007fdef'), expect: bad },
    { name: 'a header name with a space', raw: cf(VALID_JSON, [['X Bad', '1']]), expect: bad },
    {
      name: 'a 20 KiB header',
      raw: cf(VALID_JSON, [['X-Padding', 'x'.repeat(20 * 1024)]]),
      expect: { status: 431, code: 'headers_too_large' },
    },
    {
      name: '3,000 small headers',
      raw: cf(
        VALID_JSON,
        Array.from({ length: 3000 }, (_, i) => [`X-H${i}`, 'v'] as const),
      ),
      expect: { status: 431, code: 'headers_too_large' },
    },
    // Framing.
    {
      name: 'Content-Length and Transfer-Encoding together',
      raw: http({
        path: '/hook',
        headers: [JSON_TYPE, ...cashfreeHeaders(VALID_JSON), ['Transfer-Encoding', 'chunked']],
        body: VALID_JSON,
      }),
      expect: bad,
    },
    {
      name: 'a non-numeric Content-Length',
      raw: http({
        path: '/hook',
        headers: [JSON_TYPE, ...cashfreeHeaders(VALID_JSON)],
        body: VALID_JSON,
        contentLength: 'abc',
      }),
      expect: bad,
    },
    {
      name: 'a negative Content-Length',
      raw: http({
        path: '/hook',
        headers: [JSON_TYPE, ...cashfreeHeaders(VALID_JSON)],
        body: VALID_JSON,
        contentLength: '-5',
      }),
      expect: bad,
    },
    {
      name: 'two different Content-Lengths',
      raw: http({
        path: '/hook',
        headers: [JSON_TYPE, ...cashfreeHeaders(VALID_JSON), ['Content-Length', '3']],
        body: VALID_JSON,
      }),
      expect: bad,
    },
    // __proto__, constructor and thousands of keys in forms.
    {
      name: '__proto__ form keys, unsigned',
      raw: form('__proto__=x&__proto__[polluted]=1&cf_a=1&signature=AAAA'),
      expect: unauthorized('invalid_signature'),
    },
    {
      name: 'constructor.prototype form keys, unsigned',
      raw: form('constructor[prototype][polluted]=1&cf_constructor=1&signature=AAAA'),
      expect: unauthorized('invalid_signature'),
    },
    {
      name: 'cf___proto__ twice',
      raw: form('cf___proto__=1&cf___proto__=2&signature=AAAA'),
      expect: bad,
    },
    {
      name: '1,001 form fields',
      raw: form(Array.from({ length: 1001 }, (_, i) => `cf_k${i}=v`).join('&')),
      expect: bad,
    },
    {
      name: '999 form fields, unsigned',
      raw: form(`${Array.from({ length: 998 }, (_, i) => `cf_k${i}=v`).join('&')}&signature=AAAA`),
      expect: unauthorized('invalid_signature'),
    },
    {
      name: 'a million ampersands',
      raw: form('&'.repeat(MiB - 1)),
      expect: unauthorized('missing_signature'),
    },
    {
      name: 'broken percent escapes',
      raw: form('cf_a=%zz%&cf_b=%E9%&signature=%%%'),
      expect: unauthorized('invalid_signature'),
    },
    // Deep nesting and non-object JSON.
    {
      name: '100,000 nested arrays',
      raw: cf(`${'['.repeat(100_000)}${']'.repeat(100_000)}`),
      expect: unauthorized('invalid_signature'),
    },
    {
      name: '100,000 nested arrays where the body is read first (Smile ID)',
      raw: smile(`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`),
      expect: unauthorized('missing_signature'),
    },
    { name: 'nested arrays, unbalanced, Smile ID', raw: smile('['.repeat(50_000)), expect: bad },
    {
      name: 'a JSON array, Smile ID',
      raw: smile('[{"signature":"x","timestamp":"y"}]'),
      expect: bad,
    },
    { name: 'a JSON string, Smile ID', raw: smile('"signature"'), expect: bad },
    { name: 'JSON null, Smile ID', raw: smile('null'), expect: bad },
    { name: 'a JSON number, Smile ID', raw: smile('12345'), expect: bad },
    // Timestamps.
    {
      name: 'a non-numeric timestamp',
      raw: withTimestamp('abc'),
      expect: unauthorized('invalid_signature'),
    },
    {
      name: 'a negative timestamp',
      raw: withTimestamp('-1700000000000'),
      expect: unauthorized('invalid_signature'),
    },
    {
      name: 'an overflowing timestamp',
      raw: withTimestamp('9'.repeat(400)),
      expect: unauthorized('invalid_signature'),
    },
    {
      name: 'an exponent timestamp',
      raw: withTimestamp('1.7e12'),
      expect: unauthorized('invalid_signature'),
    },
    {
      name: 'an empty timestamp',
      raw: withTimestamp(''),
      expect: unauthorized('missing_signature'),
    },
    {
      name: 'a numeric Smile ID timestamp',
      raw: smile('{"timestamp":1700000000,"signature":"AAAA"}'),
      expect: bad,
    },
    {
      name: 'a Smile ID timestamp of 10 kB',
      raw: smile(`{"timestamp":"${'2'.repeat(10_000)}","signature":"AAAA"}`),
      expect: unauthorized('invalid_signature'),
    },
    // Signatures with junk.
    {
      name: 'base64 with junk characters',
      raw: withSignature('BkGr3eI/Rp6D$$$tX/zI1X+hbYp5DOl3FlLD8ImyWo='),
      expect: unauthorized('invalid_signature'),
    },
    {
      name: 'base64 with spaces inside',
      raw: withSignature('BkGr 3eI/ Rp6D'),
      expect: unauthorized('invalid_signature'),
    },
    {
      name: 'base64 with too much padding',
      raw: withSignature('BkGr3eI/Rp6Dfu5EtX/zI1X+hbYp5DOl3FlLD8ImyWo==='),
      expect: unauthorized('invalid_signature'),
    },
    {
      name: 'a 12 kB signature',
      raw: withSignature('A'.repeat(12_000)),
      expect: unauthorized('invalid_signature'),
    },
    {
      name: 'an empty signature',
      raw: withSignature(''),
      expect: unauthorized('missing_signature'),
    },
    {
      name: 'Ethoca: another Authorization scheme',
      raw: ethocaRequest('Basic dXNlcjpwYXNz'),
      expect: unauthorized('missing_signature'),
    },
    {
      name: 'Ethoca: KeyRef=__proto__',
      raw: ethocaRequest('ETHOCA-SHA1 KeyRef=__proto__,Signature=AAAA'),
      expect: unauthorized('unknown_key'),
    },
    {
      name: 'Ethoca: KeyRef=constructor',
      raw: ethocaRequest('ETHOCA-SHA1 KeyRef=constructor,Signature=AAAA'),
      expect: unauthorized('unknown_key'),
    },
    {
      name: 'Ethoca: a parameter without "="',
      raw: ethocaRequest('ETHOCA-SHA1 KeyRef'),
      expect: bad,
    },
    {
      name: 'Ethoca: 1,000 commas',
      raw: ethocaRequest(`ETHOCA-SHA1 ${','.repeat(1000)}KeyRef=k1,Signature=AAAA`),
      expect: unauthorized('invalid_signature'),
    },
    {
      name: 'Fiserv: an unknown Api-Key',
      raw: http({
        path: '/fiserv',
        headers: [
          JSON_TYPE,
          ['Api-Key', 'someone-else'],
          ['Client-Request-Id', 'a'],
          ['Timestamp', String(NOW)],
          ['Message-Signature', 'AAAA'],
        ],
        body: '{}',
      }),
      expect: unauthorized('unknown_key'),
    },
    // Limits.
    {
      name: 'a body 1 byte over the limit',
      raw: cf(`{"pad":"${'x'.repeat(MiB - 9)}"}`),
      expect: { status: 413, code: 'body_too_large' },
    },
    {
      name: 'a Content-Length of 10 GiB, no body sent',
      raw: http({
        path: '/hook',
        headers: [JSON_TYPE, ...cashfreeHeaders(VALID_JSON)],
        contentLength: String(10 * 1024 * MiB),
      }),
      expect: { status: 413, code: 'body_too_large' },
      unfinishedBody: true,
    },
    {
      name: 'a chunked body without length, over the limit',
      raw: http({
        path: '/hook',
        headers: [JSON_TYPE, ...cashfreeHeaders(VALID_JSON)],
        chunks: Array.from({ length: 9 }, () => 'x'.repeat(128 * 1024)),
      }),
      expect: { status: 413, code: 'body_too_large' },
    },
    {
      name: 'a chunked body without length, small and unsigned',
      raw: http({
        path: '/hook',
        headers: [JSON_TYPE, ...cashfreeHeaders(VALID_JSON)],
        chunks: ['{"type":', '"X"}'],
      }),
      expect: unauthorized('invalid_signature'),
    },
    {
      name: 'Expect: 100-continue with an over-limit length',
      raw: http({
        path: '/hook',
        headers: [JSON_TYPE, ['Expect', '100-continue'], ...cashfreeHeaders(VALID_JSON)],
        contentLength: String(2 * MiB),
      }),
      expect: { status: 413, code: 'body_too_large' },
      unfinishedBody: true,
    },
    // Request targets the URL Standard refuses, which Node and Express pass on as they are.
    {
      name: 'Twilio: an absolute-form target with port 99999',
      raw: twilioRequest('http://merchant.example:99999/twilio'),
      expect: bad,
      absoluteTarget: true,
    },
    {
      name: 'Twilio: an absolute-form target with credentials and no host',
      raw: twilioRequest('http://user@:80/twilio'),
      expect: bad,
      absoluteTarget: true,
    },
    {
      name: 'Ethoca: an absolute-form target with port 99999',
      raw: http({
        path: 'https://merchant.example:99999/ethoca',
        headers: [
          JSON_TYPE,
          ['X-Eth-Date', '2023-11-14T22:13:20Z'],
          ['Authorization', 'ETHOCA-SHA1 KeyRef=k1,Signature=AAAA'],
        ],
        body: '{"a":1}',
      }),
      expect: bad,
      absoluteTarget: true,
    },
    // What Node answers by itself unless told otherwise (requireHost, checkExpectation).
    {
      name: 'an HTTP/1.1 request without Host',
      raw: http({
        path: '/hook',
        host: null,
        headers: [JSON_TYPE, ...cashfreeHeaders(VALID_JSON)],
        body: VALID_JSON,
      }),
      expect: bad,
    },
    {
      name: 'an HTTP/1.1 request without Host, to a route that signs the Host (Twilio)',
      raw: twilioRequest('/twilio', { host: null }),
      expect: bad,
    },
    {
      name: 'an HTTP/1.0 request without Host, to a route that signs the Host (Twilio)',
      raw: twilioRequest('/twilio', { host: null, version: 'HTTP/1.0' }),
      expect: bad,
    },
    {
      name: 'an Expect header other than 100-continue',
      raw: cf(VALID_JSON, [['Expect', 'x-hookguard-unknown']]),
      expect: { status: 417, code: 'expectation_failed' },
    },
    // A client that stalls mid-body.
    {
      name: 'a client that stalls mid-body',
      raw: http({
        path: '/hook',
        headers: [JSON_TYPE, ...cashfreeHeaders(VALID_JSON)],
        contentLength: '500',
        body: VALID_JSON.slice(0, 10),
      }),
      expect: { status: 408, code: 'request_timeout' },
      stall: true,
    },
  ];
  return cases;
}
