import {
  MemoryReplayStore,
  PROVIDERS,
  type ProviderEntry,
  sign,
  verify,
  type WebhookRequest,
  type WebhookScheme,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { loadVectorFiles } from '../../../../test/support/vectors.js';
import { demoScheme, demoValues } from '../support/demo-scheme.js';

// The one list of providers: what each entry says is checked against its scheme, its
// sample and the CLI's sign input are signed and verified, and every provider must come
// with known-answer vectors and a named oracle.

const NOW = 1_700_000_000_000;
const TEN_MINUTES = 10 * 60_000;
const now = () => NOW;

/** The list, each entry seen as any provider (the tuple's own types are for typed look-ups). */
const LIST: readonly ProviderEntry[] = PROVIDERS;
const webhooks = LIST.filter((entry) => entry.verifies);

/** What `sign` returned, as the request a vendor sends to the entry's route. */
function requestOf(entry: ProviderEntry, signed: unknown): WebhookRequest {
  const output = signed as {
    headers?: Record<string, string>;
    body?: string | Uint8Array;
    url?: string;
  };
  // Smile ID signs no request: its (signature, timestamp) pair goes into the JSON body.
  if (output.headers === undefined) {
    return {
      method: 'POST',
      url: entry.route,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(signed),
    };
  }
  // A scheme that signs a query parameter (Mercado Pago's data.id) says where it sent it.
  const url = output.url?.startsWith('/') ? output.url : entry.route;
  return { method: 'POST', url, headers: output.headers, body: output.body ?? '' };
}

function signedSample(entry: ProviderEntry, at: number): WebhookRequest {
  return requestOf(entry, sign(demoScheme(entry), entry.sample(at), { now: () => at }));
}

describe('the list of providers', () => {
  it('every provider in PROVIDERS has a vector file and an oracle named', () => {
    const vectorSchemes = new Set(loadVectorFiles().map((file) => file.scheme));
    const missing = LIST.filter(
      (entry) =>
        !vectorSchemes.has(entry.id) ||
        entry.checkedAgainst.vector.trim() === '' ||
        (entry.checkedAgainst.sdk !== undefined &&
          (entry.checkedAgainst.sdk.package === '' ||
            entry.checkedAgainst.sdk.functions.length === 0)),
    ).map((entry) => entry.id);
    expect(missing).toEqual([]);
  });

  it('proves each entry by an oracle outside hookguard, or says why there is none', () => {
    for (const entry of LIST) {
      const { oracle, checkedAgainst } = entry;
      if (checkedAgainst.sdk !== undefined) {
        expect(oracle, entry.id).toMatchObject({ kind: 'sdk', ...checkedAgainst.sdk });
      } else if (checkedAgainst.none !== undefined) {
        // A reason is a sentence, not a placeholder.
        expect(oracle, entry.id).toEqual({
          kind: 'none',
          why: checkedAgainst.none,
          vector: checkedAgainst.vector,
        });
        expect(checkedAgainst.none, entry.id).toMatch(/^[A-Z].{20,}\.$/);
      } else {
        expect(oracle, entry.id).toEqual({ kind: 'vector', source: checkedAgainst.vector });
        // Vectors nobody outside hookguard published are no oracle: say why with `none`.
        expect(checkedAgainst.vector, entry.id).not.toMatch(/^independent vectors/);
      }
    }
  });

  it('gives each entry a family, a docs page on https, and the handshakes its scheme answers', () => {
    const families = ['hmac', 'public-key', 'fetched-key', 'shared-token', 'salted-hash'];
    for (const entry of LIST) {
      expect(families, entry.id).toContain(entry.family);
      if (entry.docs !== null) expect(new URL(entry.docs).protocol, entry.id).toBe('https:');
      for (const handshake of entry.handshakes) {
        expect(handshake.name.startsWith(`${entry.vendor}.`), handshake.name).toBe(true);
      }
    }
    expect(LIST.filter((entry) => entry.docs === null).map((entry) => entry.id)).toEqual([
      'uicheck',
    ]);
  });

  it('names each provider and each route once', () => {
    const ids = LIST.map((entry) => entry.id);
    const routes = LIST.map((entry) => entry.route);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('reads secrets only from the environment, and every other setting from a flag too', () => {
    for (const setting of LIST.flatMap((entry) => entry.settings)) {
      if (setting.secret) expect(setting).not.toHaveProperty('flag');
      else expect(setting.flag).toMatch(/^--[a-z]+(-[a-z]+)*$/);
      expect(setting.env).toMatch(/^[A-Z][A-Z0-9_]*$/);
    }
  });

  it('gives a variable shared by several providers one meaning and one demo value', () => {
    const byVariable = new Map<string, string>();
    for (const setting of LIST.flatMap((entry) => entry.settings)) {
      const meaning = JSON.stringify([setting.secret, setting.format, setting.demo]);
      expect(byVariable.get(setting.env) ?? meaning, setting.env).toBe(meaning);
      byVariable.set(setting.env, meaning);
    }
  });
});

describe.each(LIST)('provider $id', (entry) => {
  it('builds, from its demo settings, a scheme that says what the entry says', () => {
    const scheme = demoScheme(entry) as Partial<WebhookScheme>;
    expect({ name: scheme.name, provider: scheme.provider }).toEqual({
      name: entry.id,
      provider: entry.vendor,
    });
    if (entry.verifies) {
      expect({ mediaType: scheme.mediaType, timestamped: scheme.tolerance !== false }).toEqual({
        mediaType: entry.mediaType,
        timestamped: entry.timestamped,
      });
    } else expect(scheme).not.toHaveProperty('mediaType');
  });
});

describe.each(webhooks)('webhook provider $id', (entry) => {
  it('signs a sample that verifies, and an older sample is a new delivery or a stale one', async () => {
    const scheme = demoScheme(entry) as WebhookScheme;
    const replayStore = new MemoryReplayStore();
    const current = await verify(scheme, signedSample(entry, NOW), { now, replayStore });
    await current.replayClaim?.commit();
    // Ten minutes old, or just past the window where a vendor's retries need a wider one
    // (SendGrid: 24 h).
    const age =
      scheme.tolerance === false
        ? TEN_MINUTES
        : Math.max(TEN_MINUTES, (scheme.tolerance + 1) * 1000);
    const older = verify(scheme, signedSample(entry, NOW - age), { now, replayStore });
    if (entry.timestamped)
      await expect(older).rejects.toMatchObject({ code: 'timestamp_out_of_tolerance' });
    else await expect(older).resolves.toMatchObject({ provider: entry.id });
  });

  it("signs, from its own sample's body, the CLI's input into a request that verifies", async () => {
    const scheme = demoScheme(entry) as WebhookScheme;
    const sample = signedSample(entry, NOW);
    const body = Buffer.from(sample.body ?? '');
    const input = entry.signInput(body, entry.route, demoValues(entry));
    await expect(
      verify(scheme, requestOf(entry, sign(scheme, input as never, { now })), { now }),
    ).resolves.toMatchObject({ provider: entry.id });
  });
});

describe("the CLI's sign inputs", () => {
  const entry = (id: string) => LIST.find((provider) => provider.id === id) as ProviderEntry;
  const bytes = (text: string) => Buffer.from(text);

  it.each([
    ['stripe', '', '/h', { body: '{}' }],
    ['braintree', '<notification/>', '/h', { xml: '<notification/>' }],
    [
      'braintree',
      `bt_signature=k%7Cab&bt_payload=${encodeURIComponent(`${Buffer.from('<n/>').toString('base64')}\n`)}`,
      '/h',
      { xml: '<n/>' },
    ],
    ['cashfree.subscription', '{"cf_a":"1"}', '/h', { fields: { cf_a: '1' } }],
    ['cashfree.subscription', 'cf_a=1&cf_b=2', '/h', { fields: { cf_a: '1', cf_b: '2' } }],
    ['slack', '{"type":"event_callback"}', '/h', { body: '{"type":"event_callback"}' }],
    ['slack', '', '/h', { body: '{}' }],
    [
      'slack',
      'command=%2Fpay',
      '/h',
      { body: 'command=%2Fpay', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    ],
    ['fiserv', '', '/h', {}],
    ['fiserv', '{"a":1}', '/h', { body: '{"a":1}' }],
    ['ethoca', '', '/api/orders', { url: '/api/orders', method: 'GET' }],
    ['ethoca', '{"a":1}', '/api/orders', { url: '/api/orders', body: '{"a":1}' }],
    ['twilio', 'Body=hi', '/sms', { url: '/sms', params: { Body: 'hi' } }],
    ['smile-id', '{"job_id":"1"}', '/h', {}],
  ])('%s reads %j sent to %s', (id, body, path, expected) => {
    expect(entry(id).signInput(bytes(body), path, {})).toEqual(expected);
  });

  it('uicheck signs the customer it is given (the CLI asks for --customer first)', () => {
    expect(entry('uicheck').signInput(bytes(''), '', { customer: 'cus_1' })).toEqual({
      customer: 'cus_1',
    });
    expect(entry('uicheck').signInput(bytes(''), '', {})).toEqual({ customer: '' });
  });
});

describe('create', () => {
  const entry = (id: string) => LIST.find((provider) => provider.id === id) as ProviderEntry;

  it('splits lists on commas, so a rotated secret still verifies', async () => {
    const old = entry('stripe').create({ secret: 'whsec_old' }) as WebhookScheme;
    const rotating = entry('stripe').create({ secret: 'whsec_new, whsec_old' }) as WebhookScheme;
    const request = requestOf(entry('stripe'), sign(old, entry('stripe').sample(NOW), { now }));
    await expect(verify(rotating, request, { now })).resolves.toMatchObject({ matchedKey: 1 });
  });

  it('reads a key ring, and names the variable when one is malformed', () => {
    expect(() => entry('ethoca').create({ keys: 'k1:s1,k2:s:2' })).not.toThrow();
    expect(() => entry('ethoca').create({ keys: 'no-colon' })).toThrow(
      new TypeError('ETHOCA_KEYS must look like keyRef:secret,keyRef:secret'),
    );
  });

  it('leaves out an empty value, so the factory names what it lacks', () => {
    expect(() => entry('twilio').create({ authToken: 't', publicUrl: '' })).not.toThrow();
    expect(() => entry('fiserv').create({ secret: 's' })).toThrow(/fiserv: apiKey is required/);
    expect(() => entry('smile-id').create({ apiKey: 'k', partnerId: '' })).toThrow(
      /partnerId must be a non-empty string/,
    );
  });

  it('hands `fetch` to a preset whose keys are fetched, and to no other', async () => {
    const fetched: string[] = [];
    const fetch = async (url: string) => {
      fetched.push(url);
      return new Response('down', { status: 503 });
    };
    const paypal = entry('paypal');
    const scheme = paypal.create(demoValues(paypal), { fetch }) as WebhookScheme;
    await expect(verify(scheme, signedSample(paypal, NOW), { now })).rejects.toMatchObject({
      code: 'key_unavailable',
    });
    expect(fetched).toEqual([paypal.demoKeys?.url]);
    expect(LIST.filter((provider) => provider.demoKeys !== undefined).map(({ id }) => id)).toEqual([
      'paypal',
      'aws-sns',
      'plaid',
    ]);
  });

  it("gives the factory no sign-only setting (UiCheck's customer)", () => {
    expect(() =>
      entry('uicheck').create({ id: 'uid', secret: 's', customer: 'cus_1' }),
    ).not.toThrow();
  });
});
