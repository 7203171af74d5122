import { createHmac } from 'node:crypto';
import {
  cashfree,
  compactJson,
  ethoca,
  fiserv,
  parseForm,
  sign,
  smileId,
  uicheck,
  verify,
  type WebhookRequest,
  type WebhookScheme,
} from '@hookguard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// Property tests: every scheme round-trips for arbitrary inputs, and every mutation of what
// a signature covers is refused. Time is always injected.

const RUNS = { numRuns: 150 };
// Large bodies: 256 KiB, or 32 KiB under mutation testing (the suite reruns per mutant).
const LARGE = process.env.HOOKGUARD_MUTATION === '1' ? 32 * 1024 : 256 * 1024;
const secret = fc.string({ unit: 'binary', minLength: 1, maxLength: 48 });
const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 0, 1) });
const skew = fc.integer({ min: -300_000, max: 300_000 });
const jsonText = fc
  .jsonValue({ stringUnit: 'binary', maxDepth: 4 })
  .map((value) => JSON.stringify(value) ?? 'null');
const headerText = fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 40 });
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A validly signed request, what verify should hand back, and the parts to tamper with. */
interface SignedCase {
  readonly scheme: WebhookScheme;
  readonly request: WebhookRequest;
  readonly now: number;
  readonly payload: unknown;
  readonly targets: readonly Target[];
}

/** Something a signature covers, and how to tell a mutation that changes nothing signed. */
interface Target {
  readonly name: string;
  read(request: WebhookRequest): Uint8Array;
  write(request: WebhookRequest, bytes: Uint8Array): WebhookRequest;
  /** True when the mutation leaves the signed content as it was (documented leniencies). */
  readonly unchanged?: (before: Uint8Array, after: Uint8Array) => boolean;
}

const bodyOf = (request: WebhookRequest) =>
  typeof request.body === 'string' ? Buffer.from(request.body) : Buffer.from(request.body);
const body = (unchanged?: Target['unchanged']): Target => ({
  name: 'body',
  read: bodyOf,
  write: (request, bytes) => ({ ...request, body: bytes }),
  ...(unchanged ? { unchanged } : {}),
});
const header = (name: string): Target => ({
  name: `header ${name}`,
  read: (request) => Buffer.from(String(request.headers[name]), 'latin1'),
  write: (request, bytes) => ({
    ...request,
    headers: { ...request.headers, [name]: Buffer.from(bytes).toString('latin1') },
  }),
});
const field = (
  name: string,
  get: (request: WebhookRequest) => string,
  set: (request: WebhookRequest, value: string) => WebhookRequest,
): Target => ({
  name,
  read: (request) => Buffer.from(get(request), 'latin1'),
  write: (request, bytes) => set(request, Buffer.from(bytes).toString('latin1')),
});

/** Form bodies sign decoded values: a mutation that decodes to the same signed fields changes nothing. */
function sameFormFields(signed: (entries: [string, string][]) => unknown): Target['unchanged'] {
  // The signature is compared as what it decodes to: its `=` padding is optional.
  const decode = (bytes: Uint8Array) =>
    JSON.stringify(
      signed(
        [...new URLSearchParams(`&${Buffer.from(bytes).toString('utf8')}`)].map(([name, value]) => [
          name,
          name === 'signature' ? value.replace(/=+$/, '') : value,
        ]),
      ),
    );
  return (before, after) => decode(before) === decode(after);
}
const JSON_WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

const cases: Record<string, fc.Arbitrary<SignedCase>> = {
  'cashfree.webhook': fc
    .record({ secret, body: jsonText, at: instant, skew })
    .map(({ secret, body: text, at, skew }) => {
      const scheme = cashfree.webhook({ secret });
      const signed = sign(scheme, { body: text, timestamp: at });
      return {
        scheme,
        request: { method: 'POST', url: '/hook', ...signed },
        now: at + skew,
        payload: JSON.parse(text),
        targets: [body(), header('x-webhook-signature'), header('x-webhook-timestamp')],
      };
    }),
  'cashfree.subscription': fc
    .record({
      secret,
      signed: fc.dictionary(
        fc.string({ unit: 'binary', maxLength: 12 }).map((name) => `cf_${name}`),
        fc.string({ unit: 'binary', maxLength: 24 }),
        { minKeys: 1, maxKeys: 6 },
      ),
      unsigned: fc.dictionary(
        fc.stringMatching(/^[a-z]{1,8}$/),
        fc.string({ unit: 'binary', maxLength: 24 }),
        { maxKeys: 3 },
      ),
    })
    .map(({ secret, signed, unsigned }) => {
      const scheme = cashfree.subscription({ secret });
      const fields = {
        ...Object.fromEntries(Object.entries(unsigned).filter(([name]) => name !== 'signature')),
        ...signed,
      };
      const output = sign(scheme, { fields });
      const signedFields = (entries: [string, string][]) =>
        [...entries.filter(([name]) => name.startsWith('cf_') || name === 'signature')].sort();
      return {
        scheme,
        request: { method: 'POST', url: '/hook', ...output },
        now: 0,
        payload: { ...signed },
        targets: [body(sameFormFields(signedFields))],
      };
    }),
  'cashfree.legacyNotify': fc
    .record({
      secret,
      values: fc.array(fc.string({ unit: 'binary', maxLength: 16 }), {
        minLength: 7,
        maxLength: 7,
      }),
    })
    .map(({ secret, values }) => {
      const names = [
        'orderId',
        'orderAmount',
        'referenceId',
        'txStatus',
        'paymentMode',
        'txMsg',
        'txTime',
      ];
      const fields = Object.fromEntries(
        names.map((name, index) => [name, values[index] as string]),
      );
      const scheme = cashfree.legacyNotify({ secret });
      const output = sign(scheme, { fields });
      const signedFields = (entries: [string, string][]) =>
        entries.filter(([name]) => names.includes(name) || name === 'signature').sort();
      return {
        scheme,
        request: { method: 'POST', url: '/hook', ...output },
        now: 0,
        payload: fields,
        targets: [body(sameFormFields(signedFields))],
      };
    }),
  'cashfree.payoutsV1': fc
    .record({
      secret,
      fields: fc.dictionary(
        fc
          .string({ unit: 'binary', minLength: 1, maxLength: 12 })
          .filter((name) => name !== 'signature'),
        fc.string({ unit: 'binary', maxLength: 24 }),
        { minKeys: 1, maxKeys: 6 },
      ),
    })
    .map(({ secret, fields }) => {
      const scheme = cashfree.payoutsV1({ secret });
      const output = sign(scheme, { fields });
      // Payouts v1 signs values only, in key order: names count only through their order.
      const signedFields = (entries: [string, string][]) => {
        const sorted = entries
          .filter(([name]) => name !== 'signature')
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return [
          sorted.map(([, value]) => value).join(''),
          entries.filter(([name]) => name === 'signature'),
        ];
      };
      return {
        scheme,
        request: { method: 'POST', url: '/hook', ...output },
        now: 0,
        payload: { ...fields },
        targets: [body(sameFormFields(signedFields))],
      };
    }),
  'smile-id': fc
    .record({
      secret,
      partnerId: fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }),
      at: instant,
      skew,
      extra: jsonText,
    })
    .map(({ secret, partnerId, at, skew, extra }) => {
      const scheme = smileId({ partnerId, apiKey: secret });
      const pair = sign(scheme, { timestamp: new Date(at).toISOString() });
      const payload = { result: JSON.parse(extra), ...pair };
      const request: WebhookRequest = {
        method: 'POST',
        url: '/hook',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      };
      // The body is not signed: only the timestamp and the signature are targets.
      const inBody = (name: 'signature' | 'timestamp') =>
        field(
          name,
          (r) =>
            JSON.parse(bodyOf(r).toString()).signature &&
            (JSON.parse(bodyOf(r).toString())[name] as string),
          (r, value) => ({
            ...r,
            body: JSON.stringify({ ...JSON.parse(bodyOf(r).toString()), [name]: value }),
          }),
        );
      return {
        scheme,
        request,
        now: at + skew,
        payload,
        targets: [inBody('signature'), inBody('timestamp')],
      };
    }),
  fiserv: fc
    .record({
      apiKey: headerText,
      secret,
      body: fc.option(jsonText, { nil: undefined }),
      requestId: headerText,
      at: instant,
      skew,
    })
    .map(({ apiKey, secret, body: text, requestId, at, skew }) => {
      const scheme = fiserv({ apiKey, secret });
      const output = sign(scheme, {
        ...(text === undefined ? {} : { body: text }),
        requestId,
        timestamp: at,
      });
      return {
        scheme,
        request: { method: text === undefined ? 'GET' : 'POST', url: '/hook', ...output },
        now: at + skew,
        payload: text === undefined ? undefined : JSON.parse(text),
        targets: [
          ...(text === undefined ? [] : [body()]),
          header('message-signature'),
          header('timestamp'),
          header('api-key'),
          header('client-request-id'),
        ],
      };
    }),
  ethoca: fc
    .record({
      keyRef: fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/),
      secret,
      value: fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 }),
      indent: fc.constantFrom(0, 2, '\t'),
      path: fc.stringMatching(/^\/[a-z0-9/_.-]{0,20}(\?[a-z0-9=&%]{0,16})?$/),
      at: instant,
      skew: fc.integer({ min: -300, max: 300 }),
    })
    .map(({ keyRef, secret, value, indent, path, at, skew }) => {
      const scheme = ethoca({ keys: { [keyRef]: secret }, publicUrl: 'https://merchant.example' });
      const text = JSON.stringify(value, null, indent) ?? 'null';
      const date = isoSeconds(at);
      const output = sign(scheme, { url: path, body: text, date });
      const request: WebhookRequest = { method: 'POST', url: path, ...output };
      const auth = (r: WebhookRequest) =>
        /KeyRef=([^,]*),Signature=(.*)$/.exec(String(r.headers.authorization)) as RegExpExecArray;
      const setAuth = (r: WebhookRequest, keyRefValue: string, signatureValue: string) => ({
        ...r,
        headers: {
          ...r.headers,
          authorization: `ETHOCA-SHA1 KeyRef=${keyRefValue},Signature=${signatureValue}`,
        },
      });
      // Whitespace outside strings is not signed: a whitespace byte turned into another is unchanged.
      const onlyWhitespaceMoved: Target['unchanged'] = (before, after) => {
        const index = before.findIndex((byte, i) => byte !== after[i]);
        if (
          !JSON_WHITESPACE.has(before[index] as number) ||
          !JSON_WHITESPACE.has(after[index] as number)
        )
          return false;
        try {
          return (
            JSON.stringify(JSON.parse(Buffer.from(after).toString())) ===
            JSON.stringify(JSON.parse(Buffer.from(before).toString()))
          );
        } catch {
          return false;
        }
      };
      return {
        scheme,
        request,
        now: Date.parse(date) + skew * 1000,
        payload: JSON.parse(text),
        targets: [
          body(onlyWhitespaceMoved),
          field(
            'KeyRef',
            (r) => auth(r)[1] as string,
            (r, v) => setAuth(r, v, auth(r)[2] as string),
          ),
          field(
            'Signature',
            (r) => auth(r)[2] as string,
            (r, v) => setAuth(r, auth(r)[1] as string, v),
          ),
          header('x-eth-date'),
          header('content-type'),
          field(
            'method',
            (r) => r.method,
            (r, v) => ({ ...r, method: v }),
          ),
          field(
            'url',
            (r) => r.url,
            (r, v) => ({ ...r, url: v }),
          ),
        ],
      };
    }),
};

function flip(bytes: Uint8Array, index: number, mask: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[index] = (copy[index] as number) ^ mask;
  return copy;
}

describe('every scheme, for arbitrary inputs', () => {
  for (const [name, arbitrary] of Object.entries(cases)) {
    it(`${name}: sign → verify round-trips and hands back the payload`, async () => {
      await fc.assert(
        fc.asyncProperty(arbitrary, async ({ scheme, request, now, payload }) => {
          const verified = await verify(scheme, request, { now: () => now });
          expect({ value: verified.payload }).toEqual({ value: payload });
        }),
        RUNS,
      );
    });

    it(`${name}: flipping any byte of anything signed is refused`, async () => {
      const mutation = arbitrary.chain((signedCase) =>
        fc.constantFrom(...signedCase.targets).chain((target) => {
          const length = target.read(signedCase.request).length;
          return fc.record({
            signedCase: fc.constant(signedCase),
            target: fc.constant(target),
            index: fc.nat({ max: Math.max(0, length - 1) }),
            mask: fc.integer({ min: 1, max: 0x7f }),
          });
        }),
      );
      await fc.assert(
        fc.asyncProperty(mutation, async ({ signedCase, target, index, mask }) => {
          const before = target.read(signedCase.request);
          fc.pre(before.length > 0);
          const after = flip(before, index, mask);
          const tampered = target.write(signedCase.request, after);
          const accepted = await verify(signedCase.scheme, tampered, {
            now: () => signedCase.now,
          }).then(
            () => true,
            (error: { code?: string }) => {
              expect(error.code, `${target.name}: ${String(error)}`).toMatch(/^[a-z_]+$/);
              return false;
            },
          );
          if (accepted)
            expect(
              target.unchanged?.(before, after),
              `${target.name} byte ${index} ^ ${mask} was accepted`,
            ).toBe(true);
        }),
        RUNS,
      );
    });
  }

  it('cashfree.webhook: round-trips large bodies (up to 256 KiB)', async () => {
    await fc.assert(
      fc.asyncProperty(
        secret,
        fc.string({ unit: 'binary', minLength: LARGE / 4, maxLength: LARGE }),
        instant,
        async (key, text, at) => {
          const scheme = cashfree.webhook({ secret: key });
          const signed = sign(scheme, { body: { text }, timestamp: at });
          const verified = await verify(
            scheme,
            { method: 'POST', url: '/', ...signed },
            { now: () => at },
          );
          expect((verified.payload as { text: string }).text).toBe(
            text.replace(/[\uD800-\uDFFF]/g, (char, offset, whole) =>
              /[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(whole.slice(offset - 1, offset + 1)) ||
              /[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(whole.slice(offset, offset + 2))
                ? char
                : '\uFFFD',
            ),
          );
        },
      ),
      { numRuns: 10 },
    );
  });

  it('uicheck: signs exactly hex(HMAC-SHA256(secret, id + customer))', () => {
    fc.assert(
      fc.property(
        headerText,
        secret,
        fc.string({ unit: 'binary', minLength: 1, maxLength: 32 }),
        (id, key, customer) => {
          const expected = createHmac('sha256', Buffer.from(key, 'utf8'))
            .update(id + customer, 'utf8')
            .digest('hex');
          expect(sign(uicheck({ id, secret: key }), { customer })).toBe(expected);
        },
      ),
      RUNS,
    );
  });
});

// URLSearchParams drops a leading `?` (it expects a query string); a body is not one, so the
// reference is called on `&` + text, whose empty first field is skipped either way.
describe('the form parser', () => {
  const formish = fc.string({
    unit: fc.oneof(
      fc.constantFrom(
        '%',
        '+',
        '&',
        '=',
        'a',
        'F',
        '0',
        '9',
        'é',
        '€',
        '\u0000',
        ' ',
        '%2',
        '%e9',
        '%C3%A9',
        '%FF',
      ),
      fc.string({ unit: 'binary', maxLength: 1 }),
    ),
    maxLength: 60,
  });
  /**
   * The WHATWG URL Standard's algorithm, written plainly: bytes, `+` to space, `%XX` to a
   * byte, then UTF-8 decode with replacement. Node 20's URLSearchParams departs from it in
   * one corner, invalid escaped bytes next to raw non-ASCII text (`%E9é` gives it
   * `\ufffd\ufffd`, the standard `\ufffdé`); there hookguard follows the standard.
   */
  function standardComponent(component: string): string {
    const latin1 = Buffer.from(component.replaceAll('+', ' '), 'utf8').toString('latin1');
    const decoded = latin1.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(Buffer.from(decoded, 'latin1'));
  }
  function standardForm(text: string): [string, string][] {
    return text
      .split('&')
      .filter((part) => part !== '')
      .map((part) => {
        const equals = part.indexOf('=');
        if (equals === -1) return [standardComponent(part), ''];
        return [
          standardComponent(part.slice(0, equals)),
          standardComponent(part.slice(equals + 1)),
        ];
      });
  }

  it('agrees with URLSearchParams on arbitrary text, and with the standard where Node departs from it', () => {
    fc.assert(
      fc.property(fc.oneof(formish, fc.string({ unit: 'binary', maxLength: 80 })), (text) => {
        const ours = parseForm(Buffer.from(text, 'utf8'));
        const node = [...new URLSearchParams(`&${text}`)];
        if (JSON.stringify(ours) === JSON.stringify(node)) return;
        // Only the corner: raw non-ASCII text next to invalid escaped bytes.
        expect([...text].some((char) => (char.codePointAt(0) as number) > 0x7f)).toBe(true);
        expect(ours).toEqual(standardForm(text));
        expect(node).not.toEqual(standardForm(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with URLSearchParams exactly on input without raw non-ASCII characters', () => {
    const asciiFormish = fc.string({
      unit: fc.oneof(
        fc.constantFrom('%', '+', '&', '=', '%2', '%e9', '%C3%A9', '%FF', '%F0%9F'),
        fc.string({ unit: 'binary-ascii', maxLength: 1 }),
      ),
      maxLength: 60,
    });
    fc.assert(
      fc.property(asciiFormish, (text) => {
        expect(parseForm(Buffer.from(text, 'utf8'))).toEqual([...new URLSearchParams(`&${text}`)]);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("Ethoca's whitespace compaction", () => {
  const whitespace = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r'), maxLength: 3 });

  /** Serialises like JSON.stringify, with arbitrary whitespace between tokens. */
  function spaced(value: unknown, gaps: () => string): string {
    if (Array.isArray(value))
      return `${gaps()}[${value.map((item) => `${gaps()}${spaced(item, gaps)}${gaps()}`).join(',')}${gaps()}]${gaps()}`;
    if (value !== null && typeof value === 'object') {
      const members = Object.entries(value).map(
        ([key, item]) =>
          `${gaps()}${JSON.stringify(key)}${gaps()}:${gaps()}${spaced(item, gaps)}${gaps()}`,
      );
      return `${gaps()}{${members.join(',')}}${gaps()}`;
    }
    return `${gaps()}${JSON.stringify(value)}${gaps()}`;
  }

  it('agrees with JSON.stringify(JSON.parse(x)) on canonical JSON with arbitrary whitespace, and keeps every string intact', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ stringUnit: 'binary', maxDepth: 5 }),
        fc.array(whitespace, { minLength: 1, maxLength: 50 }),
        (value, pool) => {
          let turn = 0;
          const text = spaced(value, () => pool[turn++ % pool.length] as string);
          const compact = Buffer.from(compactJson(Buffer.from(text))).toString();
          expect(compact).toBe(JSON.stringify(JSON.parse(text)));
          expect(JSON.parse(compact)).toEqual(
            value === undefined ? null : JSON.parse(JSON.stringify(value)),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});
