import {
  cashfree,
  ethoca,
  explain,
  fiserv,
  fromClientError,
  sign,
  smileId,
  uicheck,
  verify,
  type WebhookRequest,
  type WebhookScheme,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { allCases, webhookSchemeFor } from '../../../../test/support/vectors.js';

// Messages are part of the public contract: they say what to check. These snapshots pin
// every one, so a changed message is a reviewed change. Rendered explanations are pinned in
// explain.test.ts and, for each provider, in its file under providers/.

async function messageOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'accepted',
    (error: Error & { code?: string; provider?: string; status?: number }) =>
      `${error.code} [${error.status ?? ''}] (${error.provider}) ${error.message}`,
  );
}

function thrown(create: () => unknown): string {
  try {
    create();
    return 'no error';
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

describe('messages', () => {
  it('for every rejected vector', async () => {
    const messages: Record<string, string> = {};
    for (const { file, testCase, title } of allCases()) {
      if ('accepted' in testCase.expect) continue;
      messages[title] = await messageOf(
        verify(webhookSchemeFor(file, testCase), testCase.request, {
          now: () => testCase.now ?? 0,
        }),
      );
    }
    expect(messages).toMatchSnapshot();
  });

  it('for bad configuration and misuse', () => {
    const scheme = cashfree.webhook({ secret: 's' });
    const cases: Record<string, () => unknown> = {
      'missing secret': () => cashfree.webhook({} as never),
      'empty secret': () => cashfree.webhook({ secret: '' }),
      'non-string secret in a list': () => cashfree.payoutsV1({ secret: ['ok', 42 as never] }),
      'numeric partner id': () => smileId({ partnerId: 85 as never, apiKey: 'k' }),
      'negative tolerance': () => smileId({ partnerId: '085', apiKey: 'k', tolerance: -1 }),
      'short replayTtl': () => cashfree.webhook({ secret: 's', replayTtl: 10 }),
      'bad Fiserv encoding': () =>
        fiserv({ apiKey: 'a', secret: 's', signatureEncoding: 'hex' as never }),
      'empty key ring': () => ethoca({ keys: {} }),
      'publicUrl with a path': () =>
        ethoca({ keys: { k: 's' }, publicUrl: 'https://m.example/api' }),
      'publicUrl with a query': () =>
        ethoca({ keys: { k: 's' }, publicUrl: 'https://m.example/?x=1' }),
      'publicUrl with credentials': () =>
        ethoca({ keys: { k: 's' }, publicUrl: 'https://user:pw@m.example' }),
      'publicUrl with a fragment': () =>
        ethoca({ keys: { k: 's' }, publicUrl: 'https://m.example/#x' }),
      'publicUrl not a URL': () => ethoca({ keys: { k: 's' }, publicUrl: 'm.example' }),
      'bad Ethoca encoding': () => ethoca({ keys: { k: 's' }, signatureEncoding: 'hex' as never }),
      'UiCheck without id': () => uicheck({ secret: 's' } as never),
      'UiCheck sign without customer': () =>
        sign(uicheck({ id: 'i', secret: 's' }), { customer: '' }),
      'legacy notify sign without a field': () =>
        sign(cashfree.legacyNotify({ secret: 's' }), { fields: { orderId: '1' } }),
      'form field not a string': () =>
        sign(cashfree.subscription({ secret: 's' }), { fields: { cf_a: 1 as never } }),
      'Ethoca sign without url origin': () => sign(ethoca({ keys: { k: 's' } }), { url: '/x' }),
      'Ethoca sign with unknown key': () =>
        sign(ethoca({ keys: { k: 's' } }), { url: 'https://m.example/x', keyRef: 'nope' }),
      'sign with a non-scheme': () => sign({} as never, {}),
      'explain a signing-only scheme': () =>
        explain(uicheck({ id: 'i', secret: 's' }) as never, {
          method: 'POST',
          url: '/',
          headers: {},
          body: '',
        }),
      'explain a null request': () => explain(scheme, null as never),
      'verify with a null scheme': () =>
        explain(null as never, { method: 'POST', url: '/', headers: {}, body: '' }),
      'empty partner id': () => smileId({ partnerId: '', apiKey: 'k' }),
      'empty UiCheck id': () => uicheck({ id: '', secret: 's' }),
      'replayTtl not a number': () => cashfree.webhook({ secret: 's', replayTtl: '600' as never }),
      'tolerance not a number': () => cashfree.webhook({ secret: 's', tolerance: '300' as never }),
    };
    expect(
      Object.fromEntries(Object.entries(cases).map(([name, create]) => [name, thrown(create)])),
    ).toMatchSnapshot();
  });

  it('for requests the vectors do not cover', async () => {
    const scheme = cashfree.webhook({ secret: 'secret', tolerance: false });
    const signed = sign(scheme, { body: '{"a":1}', timestamp: 1 });
    const base: WebhookRequest = { method: 'POST', url: '/', ...signed };
    const smile = smileId({ partnerId: '085', apiKey: 'k' });
    const ethocaScheme = ethoca({ keys: { k1: 's' } });
    const cases: Record<string, [WebhookScheme, WebhookRequest]> = {
      'body is an object': [scheme, { ...base, body: { a: 1 } as never }],
      'body is not valid UTF-8': [
        scheme,
        { ...base, ...sign(scheme, { body: Buffer.from([0x7b, 0xff, 0x7d]), timestamp: 1 }) },
      ],
      'JSON with a byte order mark': [
        scheme,
        { ...base, ...sign(scheme, { body: '\ufeff{}', timestamp: 1 }) },
      ],
      'more than 1,000 form fields': [
        cashfree.payoutsV1({ secret: 's' }),
        {
          method: 'POST',
          url: '/',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'a=1&'.repeat(1001),
        },
      ],
      'a body with no Content-Type': [
        scheme,
        { ...base, headers: { 'x-webhook-signature': 'a', 'x-webhook-timestamp': '1' } },
      ],
      'a charset other than UTF-8': [
        scheme,
        {
          ...base,
          headers: { ...base.headers, 'content-type': 'application/json; charset="latin1"' },
        },
      ],
      'a header sent twice': [
        scheme,
        { ...base, headers: { ...base.headers, 'x-webhook-timestamp': ['1', '2'] } },
      ],
      'a signature that is not base64': [
        scheme,
        { ...base, headers: { ...base.headers, 'x-webhook-signature': '***' } },
      ],
      'a secret with stray whitespace': [
        cashfree.webhook({ secret: [' secret', 'other\n'], tolerance: false }),
        { ...base, body: '{"a":2}' },
      ],
      'Smile ID body not an object': [
        smile,
        { method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, body: '[]' },
      ],
      'Smile ID timestamp not a string': [
        smile,
        {
          method: 'POST',
          url: '/',
          headers: { 'content-type': 'application/json' },
          body: '{"timestamp":1,"signature":"a"}',
        },
      ],
      'Ethoca without Host': [
        ethocaScheme,
        {
          method: 'POST',
          url: '/',
          headers: {
            'content-type': 'application/json',
            'x-eth-date': '2020-01-01T00:00:00Z',
            authorization: 'ETHOCA-SHA1 KeyRef=k1,Signature=AAAA',
          },
          body: '{}',
        },
      ],
      'Ethoca parameter without =': [
        ethocaScheme,
        {
          method: 'POST',
          url: '/',
          headers: {
            'content-type': 'application/json',
            host: 'm',
            'x-eth-date': '2020-01-01T00:00:00Z',
            authorization: 'ETHOCA-SHA1 KeyRef',
          },
          body: '{}',
        },
      ],
      'Ethoca parameter twice': [
        ethocaScheme,
        {
          method: 'POST',
          url: '/',
          headers: {
            'content-type': 'application/json',
            host: 'm',
            'x-eth-date': '2020-01-01T00:00:00Z',
            authorization: 'ETHOCA-SHA1 keyref=a,KeyRef=b',
          },
          body: '{}',
        },
      ],
      'Ethoca key id unknown': [
        ethocaScheme,
        {
          method: 'POST',
          url: '/',
          headers: {
            'content-type': 'application/json',
            host: 'm',
            'x-eth-date': '2020-01-01T00:00:00Z',
            authorization: `ETHOCA-SHA1 KeyRef=${'x'.repeat(100)},Signature=AAAA`,
          },
          body: '{}',
        },
      ],
      'an empty signature header': [
        scheme,
        { ...base, headers: { ...base.headers, 'x-webhook-signature': '' } },
      ],
      'an empty timestamp header': [
        scheme,
        { ...base, headers: { ...base.headers, 'x-webhook-timestamp': '' } },
      ],
      'a Content-Type of spaces': [
        scheme,
        { ...base, headers: { ...base.headers, 'content-type': '   ' } },
      ],
      'Smile ID empty timestamp': [
        smile,
        {
          method: 'POST',
          url: '/',
          headers: { 'content-type': 'application/json' },
          body: '{"timestamp":"","signature":"a"}',
        },
      ],
      'too large': [scheme, base],
    };
    const messages: Record<string, string> = {};
    for (const [name, [judge, request]] of Object.entries(cases)) {
      messages[name] = await messageOf(
        verify(judge, request, { now: () => 0, ...(name === 'too large' ? { bodyLimit: 3 } : {}) }),
      );
    }
    expect(messages).toMatchSnapshot();
  });

  it('for errors Node raises before any scheme is involved', () => {
    const messages = [
      'HPE_HEADER_OVERFLOW',
      'ERR_HTTP_REQUEST_TIMEOUT',
      'HPE_INVALID_HEADER_TOKEN',
    ].map((code) => {
      const error = fromClientError(Object.assign(new Error(code), { code }));
      return `${error?.code} [${error?.status}] (${error?.provider}) ${error?.message}`;
    });
    expect(messages).toMatchSnapshot();
  });
});

// Its title is the snapshot's key, kept from the file it came from.
describe('explanations of the seed schemes name every part', () => {
  it('names the missing secret option of each factory', () => {
    const messages = [
      () => fiserv({ apiKey: 'k' } as never),
      () => fiserv({ secret: 's' } as never),
      () => smileId({ partnerId: '1' } as never),
      () => cashfree.legacyNotify({} as never),
      () => cashfree.subscription({} as never),
      () => cashfree.payoutsV1({} as never),
    ].map((create) => {
      try {
        create();
        return 'no error';
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(messages).toMatchSnapshot();
  });
});
