import {
  cashfree,
  type Explanation,
  ethoca,
  explain,
  formatExplanation,
  sign,
  type WebhookRequest,
  type WebhookScheme,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { visible } from '../../src/visible.js';
import {
  cashfreeScheme,
  ETHOCA_KEY,
  ETHOCA_NOW,
  ethocaExampleRequest,
  ethocaScheme,
  NOW,
  SECRET,
  signedCashfree,
  signedEthoca,
} from '../fixtures.js';

// explain() walks verify's pipeline and says where a request fails; formatExplanation renders
// it. Each provider's explanations are pinned in its file under providers/.

function outcomes(explanation: Explanation): string {
  return explanation.checks.map((check) => `${check.check}:${check.outcome}`).join(' ');
}

describe('explain', () => {
  it('names the failed check for a tampered body and shows what the signature decodes to', () => {
    const explanation = explain(cashfreeScheme, signedCashfree({ body: '{"type":"FORGED"}' }), {
      now: NOW,
    });
    expect(explanation.verdict).toMatchObject({ ok: false, code: 'invalid_signature' });
    expect(outcomes(explanation)).toBe(
      'media type:passed signature inputs:passed key id:passed signature:failed timestamp:not reached payload:not reached',
    );
    expect(explanation.received[0]?.decoded[0]?.form).toBe('base64');
    expect(explanation.keys[0]?.matches).toBe(false);
  });

  it('reports a stale timestamp with its age and the tolerance', () => {
    const explanation = explain(cashfreeScheme, signedCashfree(), { now: () => NOW() + 3_600_000 });
    expect(explanation.verdict).toMatchObject({ ok: false, code: 'timestamp_out_of_tolerance' });
    expect(explanation.timestamp).toMatchObject({
      received: '1617695238078',
      tolerance: 300,
      ageSeconds: 3601,
    });
  });

  it('stops early where verify would, and marks the rest not reached', () => {
    const wrongType = explain(cashfreeScheme, {
      ...signedCashfree(),
      headers: { 'content-type': 'text/plain' },
    });
    expect(outcomes(wrongType)).toMatch(/^media type:failed signature inputs:not reached/);
    const noTimestamp = explain(cashfreeScheme, {
      ...signedCashfree(),
      headers: { 'content-type': 'application/json' },
    });
    expect(noTimestamp.verdict).toMatchObject({ code: 'missing_signature' });
    const request = signedEthoca();
    const unknownKey = explain(
      ethocaScheme,
      {
        ...request,
        headers: {
          ...request.headers,
          authorization: String(request.headers.authorization).replace('k1', 'k9'),
        },
      },
      { now: ETHOCA_NOW },
    );
    expect(unknownKey.verdict).toMatchObject({ code: 'unknown_key' });
    expect(unknownKey.keys).toEqual([]);
    const notJson = explain(cashfreeScheme, signedCashfree({}, 'signed, not JSON'), { now: NOW });
    expect(outcomes(notJson)).toMatch(/timestamp:passed payload:failed$/);
  });

  it('explains an undecodable signature', () => {
    const request = signedCashfree();
    const explanation = explain(
      cashfreeScheme,
      { ...request, headers: { ...request.headers, 'x-webhook-signature': '%%%' } },
      { now: NOW },
    );
    expect(explanation.received[0]?.decoded).toEqual([]);
    expect(formatExplanation(explanation)).toContain('cannot be decoded');
  });

  it('shows invisible characters in the string to sign', () => {
    const scheme = cashfree.webhook({ secret: SECRET, tolerance: false });
    const explanation = explain(scheme, signedCashfree({}, '{"a":"\u200b"}\n'));
    expect(explanation.stringToSign?.text).toBe('1617695238078{"a":"\\u{200b}"}\\n');
  });

  it('never contains a secret, for any path, and lists every key tried while rotating', () => {
    const rotating = cashfree.webhook({ secret: ['new-secret-value', SECRET] });
    const paths = [
      explain(rotating, signedCashfree(), { now: NOW }),
      explain(rotating, signedCashfree({ body: 'x' }), { now: NOW }),
      explain(
        ethoca({ keys: { k1: ETHOCA_KEY } }),
        {
          ...ethocaExampleRequest,
          headers: { ...ethocaExampleRequest.headers, host: 'merchant.com' },
        },
        { now: ETHOCA_NOW },
      ),
    ];
    expect(paths[0]?.keys.map((key) => key.key)).toEqual([0, 1]);
    expect(paths[0]?.verdict).toEqual({ ok: true, matchedKey: 1 });
    for (const explanation of paths) {
      const serialised = JSON.stringify(explanation) + formatExplanation(explanation);
      for (const secret of ['new-secret-value', SECRET, ETHOCA_KEY])
        expect(serialised).not.toContain(secret);
    }
  });

  it('refuses a signing-only scheme', async () => {
    const { uicheck } = await import('@hookguard/core');
    expect(() => explain(uicheck({ id: 'i', secret: 's' }) as never, ethocaExampleRequest)).toThrow(
      /only signs/,
    );
  });
});

describe('explain masks what would be a forgery', () => {
  it('masks the expected values of a key that did not match, and shows their prefix and length', () => {
    const genuine = signedCashfree();
    const forged = signedCashfree({ body: '{"type":"FORGED"}' });
    const expectedForForged = explain(cashfreeScheme, forged, {
      now: NOW,
      revealExpected: true,
    }).keys[0]?.forms[0]?.steps.at(-1)?.value as string;
    const explanation = explain(cashfreeScheme, forged, { now: NOW });
    const [key] = explanation.keys;
    expect(key?.revealed).toBe(false);
    expect(key?.forms[0]?.steps.at(-1)?.value).toBe(
      `${expectedForForged.slice(0, 4)}… (44 characters)`,
    );
    expect(key?.digestHex).toMatch(/^[0-9a-f]{4}… \(64 characters\)$/);
    const everything = JSON.stringify(explanation) + formatExplanation(explanation);
    expect(everything).not.toContain(expectedForForged);
    expect(everything).toContain('expected values masked');
    // The genuine request's own signature is shown: the sender sent it already.
    expect(explain(cashfreeScheme, genuine, { now: NOW }).keys[0]?.revealed).toBe(true);
  });

  it('shows the matching key in full and masks the others while rotating', () => {
    const rotating = cashfree.webhook({ secret: ['new-secret-value', SECRET] });
    const explanation = explain(rotating, signedCashfree(), { now: NOW });
    expect(explanation.keys.map((key) => [key.key, key.matches, key.revealed])).toEqual([
      [0, false, false],
      [1, true, true],
    ]);
  });

  it('shows everything with revealExpected', () => {
    const explanation = explain(cashfreeScheme, signedCashfree({ body: '{"type":"FORGED"}' }), {
      now: NOW,
      revealExpected: true,
    });
    expect(explanation.keys[0]?.revealed).toBe(true);
    expect(explanation.keys[0]?.digestHex).toMatch(/^[0-9a-f]{64}$/);
  });
});

// The describe and test titles are the snapshots' keys, kept as they were.
describe('formatExplanation', () => {
  const now = () => Date.parse('2017-06-19T13:18:48Z');
  const cf = cashfree.webhook({ secret: 'secret', tolerance: 60 });
  const signed: WebhookRequest = {
    method: 'POST',
    url: '/',
    ...sign(cf, { body: '{"a":"\t"}', timestamp: 1_700_000_000_000 }),
  };
  const sub = cashfree.subscription({ secret: 's' });

  it.each([
    ['a stale Cashfree delivery', cf, signed, {}],
    [
      'an undecodable signature',
      cf,
      { ...signed, headers: { ...signed.headers, 'x-webhook-signature': '%%' } },
      {},
    ],
    [
      'a wrong media type',
      cf,
      { ...signed, headers: { ...signed.headers, 'content-type': 'text/plain' } },
      {},
    ],
    [
      'a form scheme',
      sub,
      { method: 'POST', url: '/', ...sign(sub, { fields: { cf_b: '2', cf_a: '1' } }) },
      {},
    ],
  ] as const)('renders %s', (_, scheme, request, options) => {
    expect(
      formatExplanation(explain(scheme as WebhookScheme, request, { now, ...options })),
    ).toMatchSnapshot();
  });

  it('breaks the string to sign at line feeds only, not at an escaped backslash before n', () => {
    const scheme = cashfree.webhook({ secret: SECRET, tolerance: false });
    const text = formatExplanation(explain(scheme, signedCashfree({}, '{"path":"C:\\\\new"}\n{}')));
    expect(text).toContain('  1617695238078{"path":"C:\\\\\\\\new"}\\n\n  {}');
  });
});

describe('explain, shapes of partial explanations', () => {
  const now = () => 1_700_000_000_000;
  const scheme = cashfree.webhook({ secret: 's' });

  it.each([
    [
      'the request cannot be opened',
      (headers: Record<string, string>) => ({ ...headers, 'content-type': 'text/plain' }),
      'unsupported_media_type',
    ],
    [
      'the signature cannot be read',
      ({ 'x-webhook-timestamp': _, ...headers }: Record<string, string>) => headers,
      'missing_signature',
    ],
  ])('lists no keys and nothing received when %s', (_, alter, code) => {
    const signed = sign(scheme, { body: '{}' }, { now });
    const headers = alter(signed.headers);
    const explanation = explain(
      scheme,
      { method: 'POST', url: '/', headers, body: signed.body },
      { now },
    );
    expect(explanation.verdict).toMatchObject({ ok: false, code });
    expect(explanation.keys).toEqual([]);
    expect(explanation.received).toEqual([]);
  });

  it('labels each part of the string to sign by where it came from', () => {
    const signed = sign(scheme, { body: '{}' }, { now });
    const explanation = explain(scheme, { method: 'POST', url: '/', ...signed }, { now });
    expect(explanation.stringToSign?.parts.map((part) => part.label)).toEqual([
      'x-webhook-timestamp',
      'body',
    ]);
  });

  it('has no timestamp entry at all for a scheme that signs none', () => {
    const form = cashfree.subscription({ secret: 's' });
    const signed = sign(form, { fields: { cf_a: '1' } });
    const explanation = explain(form, { method: 'POST', url: '/', ...signed });
    expect(Object.hasOwn(explanation, 'timestamp')).toBe(false);
  });

  it('shows the tolerance, or that it is off', () => {
    for (const [tolerance, shown] of [
      [false, 'tolerance: off'],
      [300, 'tolerance: 300 s each way'],
    ] as const) {
      const timed = cashfree.webhook({ secret: 's', tolerance });
      const signed = sign(timed, { body: '{}' }, { now });
      const text = formatExplanation(
        explain(timed, { method: 'POST', url: '/', ...signed }, { now }),
      );
      expect(text).toContain(shown);
    }
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

describe('visible', () => {
  it('escapes the characters that make strings look alike', () => {
    expect(visible('a\nb\r\tc')).toBe('a\\nb\\r\\tc');
    expect(visible('\ufeffx\u200by\u00a0z')).toBe('\\u{feff}x\\u{200b}y\\u{00a0}z');
    expect(visible('back\\slash')).toBe('back\\\\slash');
    expect(visible('plain text, with spaces')).toBe('plain text, with spaces');
  });
});
