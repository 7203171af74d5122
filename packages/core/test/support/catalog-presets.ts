import { createHash } from 'node:crypto';
import {
  checkout,
  coinbaseCommerce,
  explain,
  flutterwave,
  formatExplanation,
  github,
  gocardless,
  lemonSqueezy,
  linear,
  PROVIDERS,
  type ProviderEntry,
  paddle,
  paystack,
  razorpay,
  shopify,
  sign,
  slack,
  square,
  standardWebhooks,
  stripe,
  svix,
  twilio,
  verify,
  type WebhookProviderEntry,
  type WebhookRequest,
  type WebhookScheme,
  workos,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { recordingStore } from '../fixtures.js';

// The catalog presets, pinned the way the seed providers are: what each scheme says about
// itself, how it keys and keeps replays, how it applies its options, and every text it
// shows (explanations and error messages), so a changed header name or label is a failure.
// Each preset's own file (providers/<name>.test.ts) calls describeCatalogPreset with its
// name; the snapshots land next to that file.

const NOW = 1_700_000_000_000;
const now = () => NOW;
const STANDARD_SECRET = `whsec_${Buffer.from('catalog-test-secret').toString('base64')}`;

interface Preset {
  /** Its id in PROVIDERS, which says its vendor, media type and whether it is timestamped. */
  readonly name: string;
  /** Builds the scheme, with options the preset takes passed through. */
  readonly make: (options?: { tolerance?: number | false; replayTtl?: number }) => WebhookScheme;
  /** A request as the vendor sends it, signed at NOW. */
  readonly request: (scheme: WebhookScheme) => WebhookRequest;
  /**
   * What the replay key is made of: a signed delivery id, the matched digest (of so many
   * bytes), or the body's hash.
   */
  readonly replay:
    | { readonly by: 'id'; readonly id: string }
    | { readonly by: 'sig'; readonly bytes: number }
    | { readonly by: 'body' };
}

const asRequest = (signed: { headers: Record<string, string>; body: string | Uint8Array }) => ({
  method: 'POST',
  url: '/hook',
  headers: signed.headers,
  body: signed.body,
});
const signed = (scheme: WebhookScheme, input: unknown) =>
  asRequest(sign(scheme as never, input as never, { now }) as never);

/** What the list of providers says about a preset. */
function listed(preset: Preset): WebhookProviderEntry {
  const entry = (PROVIDERS as readonly ProviderEntry[]).find(({ id }) => id === preset.name);
  if (entry === undefined || !entry.verifies) throw new Error(`${preset.name} is not in PROVIDERS`);
  return entry;
}

const PRESETS: readonly Preset[] = [
  {
    name: 'stripe',
    make: (options) => stripe({ secret: 'whsec_test', ...options }),
    request: (scheme) => signed(scheme, { body: '{"id":"evt_1"}' }),
    replay: { by: 'id', id: 'evt_1' },
  },
  {
    name: 'github',
    make: (options) => github({ secret: 'gh-secret', replayTtl: options?.replayTtl as number }),
    request: (scheme) =>
      signed(scheme, { body: '{"zen":"ok"}', headers: { 'x-github-delivery': 'gh-delivery-1' } }),
    replay: { by: 'sig', bytes: 32 },
  },
  {
    name: 'shopify',
    make: (options) => shopify({ secret: 'shp-secret', replayTtl: options?.replayTtl as number }),
    request: (scheme) =>
      signed(scheme, { body: '{"id":1}', headers: { 'x-shopify-webhook-id': 'shp-1' } }),
    replay: { by: 'sig', bytes: 32 },
  },
  {
    name: 'slack',
    make: (options) => slack({ signingSecret: 'slack-secret', ...options }),
    request: (scheme) => signed(scheme, { body: '{"type":"event_callback"}' }),
    replay: { by: 'sig', bytes: 32 },
  },
  {
    name: 'standard-webhooks',
    make: (options) => standardWebhooks({ secret: STANDARD_SECRET, ...options }),
    request: (scheme) =>
      signed(scheme, { body: '{"type":"x"}', headers: { 'webhook-id': 'msg_standard' } }),
    replay: { by: 'id', id: 'msg_standard' },
  },
  {
    name: 'svix',
    make: (options) => svix({ secret: STANDARD_SECRET, ...options }),
    request: (scheme) =>
      signed(scheme, { body: '{"type":"x"}', headers: { 'svix-id': 'msg_svix' } }),
    replay: { by: 'id', id: 'msg_svix' },
  },
  {
    name: 'razorpay',
    make: (options) => razorpay({ secret: 'rzp-secret', replayTtl: options?.replayTtl as number }),
    request: (scheme) =>
      signed(scheme, {
        body: '{"event":"payment.captured"}',
        headers: { 'x-razorpay-event-id': 'rzp-1' },
      }),
    replay: { by: 'sig', bytes: 32 },
  },
  {
    name: 'paystack',
    make: (options) =>
      paystack({ secretKey: 'sk_test_x', replayTtl: options?.replayTtl as number }),
    request: (scheme) => signed(scheme, { body: '{"event":"charge.success"}' }),
    replay: { by: 'sig', bytes: 64 },
  },
  {
    name: 'flutterwave',
    make: (options) =>
      flutterwave({ secretHash: 'flw-hash', replayTtl: options?.replayTtl as number }),
    request: (scheme) => signed(scheme, { body: '{"event":"charge.completed"}' }),
    replay: { by: 'body' },
  },
  {
    name: 'twilio',
    make: (options) =>
      twilio({
        authToken: 'tw-token',
        publicUrl: 'https://merchant.example',
        replayTtl: options?.replayTtl as number,
      }),
    request: (scheme) => ({
      ...signed(scheme, { url: '/hook', params: { From: '+15550001', Body: 'hi' } }),
      url: '/hook',
    }),
    replay: { by: 'sig', bytes: 20 },
  },
  {
    name: 'paddle',
    make: (options) => paddle({ secret: 'pdl_ntfset_test', ...options }),
    request: (scheme) => signed(scheme, { body: '{"event_id":"evt_1","notification_id":"ntf_1"}' }),
    replay: { by: 'id', id: 'ntf_1' },
  },
  {
    name: 'square',
    make: (options) =>
      square({
        signatureKey: 'sq-key',
        notificationUrl: 'https://merchant.example/hook',
        replayTtl: options?.replayTtl as number,
      }),
    request: (scheme) =>
      signed(scheme, {
        body: '{"event_id":"sq-1"}',
        headers: { 'square-retry-number': '1', 'square-retry-reason': 'http_timeout' },
      }),
    replay: { by: 'sig', bytes: 32 },
  },
  {
    name: 'coinbase-commerce',
    make: (options) =>
      coinbaseCommerce({ secret: 'cc-secret', replayTtl: options?.replayTtl as number }),
    request: (scheme) => signed(scheme, { body: '{"id":1,"event":{"id":"cc-1"}}' }),
    replay: { by: 'sig', bytes: 32 },
  },
  {
    name: 'lemon-squeezy',
    make: (options) =>
      lemonSqueezy({ secret: 'ls-secret', replayTtl: options?.replayTtl as number }),
    request: (scheme) =>
      signed(scheme, {
        body: '{"meta":{"event_name":"order_created"}}',
        headers: { 'x-event-name': 'order_created' },
      }),
    replay: { by: 'sig', bytes: 32 },
  },
  {
    name: 'workos',
    // The shared suite pins the 300 s default; workos.test.ts checks WorkOS's own 180 s.
    make: (options) => workos({ secret: 'wos-secret', tolerance: 300, ...options }),
    request: (scheme) =>
      signed(scheme, { body: '{"id":"event_01","event":"dsync.user.created","data":{}}' }),
    replay: { by: 'id', id: 'event_01' },
  },
  {
    name: 'linear',
    // The shared suite pins the 300 s default; linear.test.ts checks Linear's own 60 s.
    make: (options) => linear({ secret: 'lin-secret', tolerance: 300, ...options }),
    request: (scheme) =>
      signed(scheme, {
        body: { action: 'create', type: 'Issue', data: { id: 'issue-1' } },
        headers: { 'linear-delivery': 'delivery-1', 'linear-event': 'Issue' },
      }),
    replay: { by: 'sig', bytes: 32 },
  },
  {
    name: 'gocardless',
    make: (options) => gocardless({ secret: 'gc-secret', replayTtl: options?.replayTtl as number }),
    request: (scheme) =>
      signed(scheme, {
        body: '{"events":[{"id":"EV1","action":"confirmed"}],"meta":{"webhook_id":"WB1"}}',
        headers: { origin: 'https://api.gocardless.com' },
      }),
    replay: { by: 'sig', bytes: 32 },
  },
  {
    name: 'checkout',
    make: (options) => checkout({ secret: 'cko-key', replayTtl: options?.replayTtl as number }),
    request: (scheme) =>
      signed(scheme, {
        body: '{"id":"evt_1","type":"payment_captured","data":{"amount":100}}',
        headers: { authorization: 'configured-header-value' },
      }),
    replay: { by: 'sig', bytes: 32 },
  },
];

const sha256 = (value: string | Uint8Array) =>
  createHash('sha256').update(value).digest('base64url');

/** Every header but the signature, for the "no signature" request. */
function withoutHeader(request: WebhookRequest, name: string): WebhookRequest {
  const headers = { ...(request.headers as Record<string, string>) };
  delete headers[name];
  return { ...request, headers };
}

const SIGNATURE_HEADER: Record<string, string> = {
  stripe: 'stripe-signature',
  github: 'x-hub-signature-256',
  shopify: 'x-shopify-hmac-sha256',
  slack: 'x-slack-signature',
  'standard-webhooks': 'webhook-signature',
  svix: 'svix-signature',
  razorpay: 'x-razorpay-signature',
  paystack: 'x-paystack-signature',
  flutterwave: 'verif-hash',
  twilio: 'x-twilio-signature',
  paddle: 'paddle-signature',
  square: 'x-square-hmacsha256-signature',
  'coinbase-commerce': 'x-cc-webhook-signature',
  'lemon-squeezy': 'x-signature',
  workos: 'workos-signature',
  linear: 'linear-signature',
  gocardless: 'webhook-signature',
  checkout: 'cko-signature',
};

async function codeAndMessage(result: Promise<unknown>): Promise<string> {
  const error = (await result.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code?: string; message?: string } | undefined;
  return error === undefined ? 'accepted' : `${error.code}: ${error.message}`;
}

/**
 * The pinned suite of one catalog preset: `catalog preset '<name>'`, and for a preset that
 * signs a timestamp, `timestamped preset '<name>'` (defined only for those, rather than
 * skipped for the others, so a skip never hides a lost test). The titles are the snapshots'
 * keys.
 */
export function describeCatalogPreset(name: string): void {
  const found = PRESETS.find((preset) => preset.name === name);
  if (found === undefined) throw new Error(`${name} is not a catalog preset`);

  describe.each([found])('catalog preset $name', (preset) => {
    const scheme = preset.make();
    const { vendor, mediaType, timestamped } = listed(preset);

    it('describes itself as the list of providers does', () => {
      expect(scheme).toMatchObject({ name: preset.name, provider: vendor, mediaType });
    });

    it('keys replays on what its signature covers, and keeps them for the default TTL', async () => {
      const store = recordingStore();
      const request = preset.request(scheme);
      const verified = await verify(scheme, request, { now, replayStore: store });
      expect(store.claims).toHaveLength(1);
      const [key, lease] = store.claims[0] as [string, number];
      expect(verified.replayClaim?.key).toBe(key);
      expect(lease).toBe(30_000);
      const { replay } = preset;
      if (replay.by === 'id') expect(key).toBe(`${preset.name}:id:${sha256(replay.id)}`);
      else if (replay.by === 'body')
        expect(key).toBe(`${preset.name}:body:${sha256(request.body)}`);
      else {
        const length = Math.ceil((replay.bytes * 4) / 3);
        expect(key).toMatch(new RegExp(`^${preset.name}:sig:[A-Za-z0-9_-]{${length}}$`));
      }
      await verified.replayClaim?.commit();
      // Twice the tolerance where something is timestamped, a day where nothing is.
      expect(store.commits).toEqual([[key, (timestamped ? 600 : 86_400) * 1000]]);
    });

    it('passes replayTtl through', async () => {
      const store = recordingStore();
      const custom = preset.make({ replayTtl: 7_200 });
      const verified = await verify(custom, preset.request(custom), { now, replayStore: store });
      await verified.replayClaim?.commit();
      expect(store.commits[0]?.[1]).toBe(7_200_000);
    });

    it('says the same thing, word for word, about an accepted, a tampered and an unsigned request', async () => {
      const request = preset.request(scheme);
      const tampered = { ...request, body: `${String(request.body)} ` };
      const unsigned = withoutHeader(request, SIGNATURE_HEADER[preset.name] as string);
      expect({
        accepted: formatExplanation(explain(scheme, request, { now })),
        tampered: formatExplanation(explain(scheme, tampered, { now })),
        errors: {
          accepted: await codeAndMessage(verify(scheme, request, { now })),
          tampered: await codeAndMessage(verify(scheme, tampered, { now })),
          unsigned: await codeAndMessage(verify(scheme, unsigned, { now })),
        },
      }).toMatchSnapshot();
    });
  });

  // Only presets that sign a timestamp have a tolerance to pass through.
  if (!listed(found).timestamped) return;
  describe.each([found])('timestamped preset $name', (preset) => {
    const scheme = preset.make();

    it('passes tolerance through, and false turns the check off', async () => {
      const strict = preset.make({ tolerance: 10 });
      const request = preset.request(strict);
      await expect(verify(strict, request, { now: () => NOW + 9_000 })).resolves.toBeDefined();
      await expect(verify(strict, request, { now: () => NOW + 11_000 })).rejects.toMatchObject({
        code: 'timestamp_out_of_tolerance',
      });
      const off = preset.make({ tolerance: false });
      const yearLater = () => NOW + 365 * 86_400_000;
      await expect(verify(off, preset.request(off), { now: yearLater })).resolves.toBeDefined();
      await expect(
        verify(scheme, preset.request(scheme), { now: yearLater }),
      ).rejects.toMatchObject({ code: 'timestamp_out_of_tolerance' });
    });
  });
}
