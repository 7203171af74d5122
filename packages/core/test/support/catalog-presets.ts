import { createHash } from 'node:crypto';
import {
  airwallex,
  asana,
  authorizeNet,
  bitbucket,
  box,
  calendly,
  checkout,
  clerk,
  coinbaseCommerce,
  docusign,
  explain,
  flutterwave,
  formatExplanation,
  github,
  gitlab,
  gocardless,
  hubspot,
  intercom,
  lemonSqueezy,
  linear,
  mailgun,
  mercadoPago,
  midtrans,
  mollie,
  monnify,
  PROVIDERS,
  type ProviderEntry,
  paddle,
  paystack,
  payu,
  persona,
  phonepe,
  polar,
  postmark,
  razorpay,
  resend,
  sentry,
  shopify,
  sign,
  slack,
  square,
  standardWebhooks,
  stripe,
  svix,
  telegram,
  twilio,
  typeform,
  vercel,
  verify,
  type WebhookProviderEntry,
  type WebhookRequest,
  type WebhookScheme,
  woocommerce,
  workos,
  xendit,
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
  /**
   * Where the signature is not a header (a field of the body: Midtrans, PayU) or a trailing
   * space leaves what is signed unchanged (a JSON field is hashed, not the body): the tampered
   * and the unsigned request, made by hand.
   */
  readonly tamper?: (request: WebhookRequest) => WebhookRequest;
  readonly unsign?: (request: WebhookRequest) => WebhookRequest;
  readonly replay:
    | { readonly by: 'id'; readonly id: string }
    | { readonly by: 'sig'; readonly bytes: number }
    /** The SHA-256 of the signed message: a scheme that may carry several signatures. */
    | { readonly by: 'msg' }
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
  {
    name: 'bitbucket',
    make: (options) => bitbucket({ secret: 'bb-secret', replayTtl: options?.replayTtl as number }),
    request: (scheme) =>
      signed(scheme, {
        body: '{"push":{"changes":[]},"repository":{"full_name":"team/repo"}}',
        headers: { 'x-event-key': 'repo:push', 'x-request-uuid': 'bb-request-1' },
      }),
    replay: { by: 'sig', bytes: 32 },
  },
  {
    name: 'intercom',
    make: (options) =>
      intercom({ clientSecret: 'ic-secret', replayTtl: options?.replayTtl as number }),
    request: (scheme) =>
      signed(scheme, {
        body: '{"type":"notification_event","id":"notif_1","topic":"conversation.user.created"}',
      }),
    replay: { by: 'sig', bytes: 20 },
  },
  {
    name: 'vercel',
    make: (options) => vercel({ secret: 'vc-secret', replayTtl: options?.replayTtl as number }),
    request: (scheme) => signed(scheme, { body: '{"id":"evt_1","type":"deployment.created"}' }),
    replay: { by: 'sig', bytes: 20 },
  },
  {
    name: 'typeform',
    make: (options) => typeform({ secret: 'tf-secret', replayTtl: options?.replayTtl as number }),
    request: (scheme) =>
      signed(scheme, { body: '{"event_id":"01H","event_type":"form_response"}' }),
    replay: { by: 'sig', bytes: 32 },
  },
  {
    name: 'sentry',
    make: (options) =>
      sentry({ clientSecret: 'sn-secret', replayTtl: options?.replayTtl as number }),
    request: (scheme) =>
      signed(scheme, {
        body: '{"action":"created","data":{"issue":{"id":"1"}}}',
        headers: { 'sentry-hook-resource': 'issue', 'request-id': 'sn-request-1' },
      }),
    replay: { by: 'sig', bytes: 32 },
  },
  {
    name: 'woocommerce',
    make: (options) =>
      woocommerce({ secret: 'wc-secret', replayTtl: options?.replayTtl as number }),
    request: (scheme) =>
      signed(scheme, {
        body: '{"id":727,"status":"processing","total":"100.00"}',
        headers: { 'x-wc-webhook-topic': 'order.created', 'x-wc-webhook-delivery-id': 'wc-1' },
      }),
    replay: { by: 'sig', bytes: 32 },
  },
  {
    name: 'calendly',
    // The shared suite pins the 300 s default; calendly.test.ts checks Calendly's own 180 s.
    make: (options) => calendly({ signingKey: 'cl-key', tolerance: 300, ...options }),
    request: (scheme) => signed(scheme, { body: '{"event":"invitee.created","payload":{}}' }),
    replay: { by: 'msg' },
  },
  {
    name: 'telegram',
    make: (options) =>
      telegram({ secretToken: 'tg-secret-token', replayTtl: options?.replayTtl as number }),
    request: (scheme) =>
      signed(scheme, { body: '{"update_id":1,"message":{"message_id":1,"text":"hi"}}' }),
    replay: { by: 'body' },
  },
  {
    name: 'gitlab',
    make: (options) =>
      gitlab({ secretToken: 'gl-secret-token', replayTtl: options?.replayTtl as number }),
    request: (scheme) =>
      signed(scheme, {
        body: '{"object_kind":"push","project_id":1}',
        headers: { 'x-gitlab-event': 'Push Hook', 'idempotency-key': 'gl-1' },
      }),
    replay: { by: 'body' },
  },
  {
    name: 'gitlab.signed',
    make: (options) => gitlab.signed({ signingToken: STANDARD_SECRET, ...options }),
    request: (scheme) =>
      signed(scheme, {
        body: '{"object_kind":"push","project_id":1}',
        headers: { 'webhook-id': 'gl-delivery-1', 'x-gitlab-event': 'Push Hook' },
      }),
    replay: { by: 'id', id: 'gl-delivery-1' },
  },
  {
    name: 'xendit',
    make: (options) =>
      xendit({ callbackToken: 'xnd-callback-token', replayTtl: options?.replayTtl as number }),
    request: (scheme) =>
      signed(scheme, {
        body: '{"id":"inv_1","status":"PAID","amount":100}',
        headers: { 'webhook-id': 'whk_1' },
      }),
    replay: { by: 'body' },
  },
  {
    name: 'postmark',
    make: (options) =>
      postmark({
        username: 'pm-user',
        password: 'pm-password',
        replayTtl: options?.replayTtl as number,
      }),
    request: (scheme) => signed(scheme, { body: '{"RecordType":"Delivery","ServerID":1}' }),
    replay: { by: 'body' },
  },
  {
    name: 'resend',
    make: (options) => resend({ secret: STANDARD_SECRET, ...options }),
    request: (scheme) =>
      signed(scheme, { body: '{"type":"email.sent"}', headers: { 'svix-id': 'msg_resend' } }),
    replay: { by: 'id', id: 'msg_resend' },
  },
  {
    name: 'clerk',
    make: (options) => clerk({ secret: STANDARD_SECRET, ...options }),
    request: (scheme) =>
      signed(scheme, { body: '{"type":"user.created"}', headers: { 'svix-id': 'msg_clerk' } }),
    replay: { by: 'id', id: 'msg_clerk' },
  },
  {
    name: 'polar',
    make: (options) => polar({ secret: 'whsec_catalog_polar_secret', ...options }),
    request: (scheme) =>
      signed(scheme, { body: '{"type":"order.paid"}', headers: { 'webhook-id': 'msg_polar' } }),
    replay: { by: 'id', id: 'msg_polar' },
  },
  {
    name: 'persona',
    make: (options) => persona({ secret: 'wbhsec_catalog_persona', ...options }),
    request: (scheme) => signed(scheme, { body: '{"data":{"type":"event","id":"evt_persona_1"}}' }),
    replay: { by: 'id', id: 'evt_persona_1' },
  },
  {
    name: 'mollie',
    make: (options) => mollie({ secret: 'mollie-secret', replayTtl: options?.replayTtl as number }),
    request: (scheme) =>
      signed(scheme, { body: '{"resource":"event","id":"event_1","type":"payment-link.paid"}' }),
    replay: { by: 'sig', bytes: 32 },
  },
  {
    name: 'monnify',
    make: (options) =>
      monnify({ clientSecret: 'MONNIFYCLIENTSECRET', replayTtl: options?.replayTtl as number }),
    request: (scheme) =>
      signed(scheme, { body: '{"eventType":"SUCCESSFUL_TRANSACTION","eventData":{}}' }),
    replay: { by: 'sig', bytes: 64 },
  },
  {
    name: 'airwallex',
    make: (options) => airwallex({ secret: 'whsec_catalog_airwallex', ...options }),
    request: (scheme) =>
      signed(scheme, { body: '{"id":"evt_awx_1","name":"payment_intent.succeeded"}' }),
    replay: { by: 'id', id: 'evt_awx_1' },
  },
  {
    name: 'asana',
    make: (options) =>
      asana({ secret: 'asana-x-hook-secret', replayTtl: options?.replayTtl as number }),
    request: (scheme) => signed(scheme, { body: '{"events":[{"action":"changed"}]}' }),
    replay: { by: 'sig', bytes: 32 },
  },
  {
    name: 'midtrans',
    make: (options) =>
      midtrans({ serverKey: 'SB-Mid-server-catalog', replayTtl: options?.replayTtl as number }),
    request: (scheme) =>
      signed(scheme, {
        body: { order_id: 'order-1', status_code: '200', gross_amount: '100.00' },
      }),
    tamper: (request) => ({ ...request, body: String(request.body).replace('100.00', '1.00') }),
    unsign: (request) => ({
      ...request,
      body: JSON.stringify({ ...JSON.parse(String(request.body)), signature_key: undefined }),
    }),
    replay: { by: 'msg' },
  },
  {
    name: 'payu',
    make: (options) =>
      payu({
        merchantKey: 'catalogKey',
        salt: 'payu-salt',
        replayTtl: options?.replayTtl as number,
      }),
    request: (scheme) =>
      signed(scheme, {
        fields: {
          status: 'success',
          txnid: 'txn1',
          amount: '100.00',
          productinfo: 'p',
          firstname: 'A',
          email: 'a@example.com',
        },
      }),
    tamper: (request) => ({ ...request, body: String(request.body).replace('100.00', '1.00') }),
    unsign: (request) => ({
      ...request,
      body: String(request.body).replace(/&hash=[0-9a-f]+/, ''),
    }),
    replay: { by: 'msg' },
  },
  {
    name: 'phonepe',
    make: (options) =>
      phonepe({
        username: 'pp-user',
        password: 'pp-password',
        replayTtl: options?.replayTtl as number,
      }),
    request: (scheme) =>
      signed(scheme, {
        body: '{"event":"checkout.order.completed","payload":{"state":"COMPLETED"}}',
      }),
    replay: { by: 'body' },
  },
  {
    name: 'phonepe.v1',
    make: (options) =>
      phonepe.v1({ saltKeys: { 1: 'pp-salt-key' }, replayTtl: options?.replayTtl as number }),
    request: (scheme) =>
      signed(scheme, {
        body: {
          response: Buffer.from('{"code":"PAYMENT_SUCCESS","amount":100}').toString('base64'),
        },
      }),
    tamper: (request) => ({
      ...request,
      body: JSON.stringify({
        response: Buffer.from('{"code":"PAYMENT_SUCCESS","amount":1}').toString('base64'),
      }),
    }),
    replay: { by: 'msg' },
  },
  {
    name: 'mercado-pago',
    make: (options) => mercadoPago({ secret: 'mp-secret', ...options }),
    // data.id is signed from the query; x-request-id from its header. The body is not signed.
    request: (scheme) => {
      const output = sign(
        scheme as never,
        {
          url: '/hook?data.id=123&type=payment',
          body: '{"action":"payment.updated","data":{"id":"123"},"type":"payment"}',
          headers: { 'x-request-id': 'mp-request-1' },
        } as never,
        { now },
      ) as { headers: Record<string, string>; body: string; url: string };
      return { ...asRequest(output), url: output.url };
    },
    tamper: (request) => ({ ...request, url: request.url.replace('data.id=123', 'data.id=124') }),
    replay: { by: 'msg' },
  },
  {
    name: 'mailgun',
    // The shared suite pins the 300 s default; mailgun.test.ts checks Mailgun's own 9 h.
    make: (options) => mailgun({ signingKey: 'mg-key', tolerance: 300, ...options }),
    request: (scheme) =>
      signed(scheme, {
        body: { signature: { token: 'mg-token-1' }, 'event-data': { event: 'delivered' } },
      }),
    // The signature covers the timestamp and token, not the body: the token is tampered with.
    tamper: (request) => ({
      ...request,
      body: String(request.body).replace('mg-token-1', 'mg-token-2'),
    }),
    unsign: (request) => {
      const { signature: _signature, ...rest } = JSON.parse(String(request.body));
      return { ...request, body: JSON.stringify(rest) };
    },
    replay: { by: 'id', id: 'mg-token-1' },
  },
  {
    name: 'hubspot',
    make: (options) =>
      hubspot({ clientSecret: 'hs-secret', publicUrl: 'https://merchant.example', ...options }),
    request: (scheme) =>
      signed(scheme, {
        url: '/hook',
        body: '[{"eventId":1,"subscriptionType":"contact.creation","objectId":123}]',
        headers: { 'x-hubspot-signature-version': 'v1' },
      }),
    replay: { by: 'sig', bytes: 32 },
  },
  {
    name: 'box',
    // The shared suite pins the 300 s default; box.test.ts checks Box's own 600 s.
    make: (options) => box({ primaryKey: 'box-primary', tolerance: 300, ...options }),
    request: (scheme) =>
      signed(scheme, {
        body: '{"type":"webhook_event","id":"evt-1","trigger":"FILE.UPLOADED"}',
        headers: { 'box-delivery-id': 'box-delivery-1' },
      }),
    replay: { by: 'msg' },
  },
  {
    name: 'docusign',
    make: (options) => docusign({ hmacKeys: 'ds-key', replayTtl: options?.replayTtl as number }),
    request: (scheme) =>
      signed(scheme, { body: '{"event":"envelope-completed","data":{"envelopeId":"env-1"}}' }),
    replay: { by: 'msg' },
  },
  {
    name: 'authorize-net',
    make: (options) =>
      authorizeNet({ signatureKey: 'anet-key', replayTtl: options?.replayTtl as number }),
    request: (scheme) =>
      signed(scheme, {
        body: '{"notificationId":"ntf-1","eventType":"net.authorize.payment.authcapture.created","payload":{"authAmount":100}}',
      }),
    replay: { by: 'id', id: 'ntf-1' },
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
  bitbucket: 'x-hub-signature',
  intercom: 'x-hub-signature',
  vercel: 'x-vercel-signature',
  typeform: 'typeform-signature',
  sentry: 'sentry-hook-signature',
  woocommerce: 'x-wc-webhook-signature',
  calendly: 'calendly-webhook-signature',
  telegram: 'x-telegram-bot-api-secret-token',
  gitlab: 'x-gitlab-token',
  'gitlab.signed': 'webhook-signature',
  xendit: 'x-callback-token',
  postmark: 'authorization',
  resend: 'svix-signature',
  clerk: 'svix-signature',
  polar: 'webhook-signature',
  persona: 'persona-signature',
  mollie: 'x-mollie-signature',
  monnify: 'monnify-signature',
  airwallex: 'x-signature',
  asana: 'x-hook-signature',
  phonepe: 'authorization',
  'phonepe.v1': 'x-verify',
  'mercado-pago': 'x-signature',
  hubspot: 'x-hubspot-signature-v3',
  box: 'box-signature-primary',
  docusign: 'x-docusign-signature-1',
  'authorize-net': 'x-anet-signature',
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
      else if (replay.by === 'msg')
        expect(key).toMatch(new RegExp(`^${preset.name}:msg:[A-Za-z0-9_-]{43}$`));
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
      const tampered = preset.tamper?.(request) ?? { ...request, body: `${String(request.body)} ` };
      const unsigned =
        preset.unsign?.(request) ?? withoutHeader(request, SIGNATURE_HEADER[preset.name] as string);
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
