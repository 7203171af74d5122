import {
  cashfree,
  ethoca,
  fiserv,
  flutterwave,
  github,
  paystack,
  razorpay,
  type SigningScheme,
  shopify,
  slack,
  smileId,
  standardWebhooks,
  stripe,
  svix,
  twilio,
  uicheck,
} from '@hookguard/core';

/** A value a provider needs: a secret (from the environment or a prompt) or a plain setting. */
export interface ProviderInput {
  /** The factory option it fills. */
  readonly option: string;
  /** The environment variable read by default (the example apps' names). */
  readonly env: string;
  /** Secrets never come from argv; settings may (`--flag`). */
  readonly secret: boolean;
  /** The command-line flag for a setting. */
  readonly flag?: string;
  readonly description: string;
}

/** What the CLI knows about one provider. */
export interface ProviderEntry {
  readonly name: string;
  /** The example apps' route, used as the default path. */
  readonly path: string;
  readonly inputs: readonly ProviderInput[];
  create(values: Readonly<Record<string, string>>): SigningScheme;
  /** The sign input for a body (its bytes) and the target path. */
  signInput(body: Buffer, path: string, settings: Readonly<Record<string, string>>): unknown;
  readonly verifies: boolean;
}

const secret = (option: string, env: string, description: string): ProviderInput => ({
  option,
  env,
  secret: true,
  description,
});
const setting = (
  option: string,
  env: string,
  flag: string,
  description: string,
): ProviderInput => ({ option, env, flag, secret: false, description });
const list = (value: string) => value.split(',').map((item) => item.trim());

/** Form fields from a body given as a form or as a JSON object of strings. */
function fields(body: Buffer): Record<string, string> {
  const text = body.toString('utf8').trim();
  if (text.startsWith('{')) return JSON.parse(text) as Record<string, string>;
  return Object.fromEntries(new URLSearchParams(text));
}

function keyRing(value: string): Record<string, string> {
  return Object.fromEntries(
    list(value).map((pair) => {
      const colon = pair.indexOf(':');
      if (colon < 1) throw new TypeError('ETHOCA_KEYS must look like keyRef:secret,keyRef:secret');
      return [pair.slice(0, colon), pair.slice(colon + 1)];
    }),
  );
}

const json = (body: Buffer) => ({ body: body.length === 0 ? '{}' : body.toString('utf8') });
const simple = (
  name: string,
  path: string,
  input: ProviderInput,
  create: (value: string[]) => SigningScheme,
): ProviderEntry => ({
  name,
  path,
  inputs: [input],
  create: (values) => create(list(values[input.option] as string)),
  signInput: json,
  verifies: true,
});

/** Every provider, by scheme name. */
export const PROVIDERS: readonly ProviderEntry[] = [
  simple(
    'cashfree.webhook',
    '/webhooks/cashfree',
    secret('secret', 'CASHFREE_CLIENT_SECRET', 'client secret'),
    (s) => cashfree.webhook({ secret: s }),
  ),
  {
    ...simple(
      'cashfree.subscription',
      '/webhooks/cashfree/subscription',
      secret('secret', 'CASHFREE_CLIENT_SECRET', 'client secret'),
      (s) => cashfree.subscription({ secret: s }),
    ),
    signInput: (body) => ({ fields: fields(body) }),
  },
  {
    ...simple(
      'cashfree.legacyNotify',
      '/webhooks/cashfree/notify',
      secret('secret', 'CASHFREE_CLIENT_SECRET', 'secret key'),
      (s) => cashfree.legacyNotify({ secret: s }),
    ),
    signInput: (body) => ({ fields: fields(body) }),
  },
  {
    ...simple(
      'cashfree.payoutsV1',
      '/webhooks/cashfree/payouts',
      secret('secret', 'CASHFREE_CLIENT_SECRET', 'client secret'),
      (s) => cashfree.payoutsV1({ secret: s }),
    ),
    signInput: (body) => ({ fields: fields(body) }),
  },
  {
    name: 'smile-id',
    path: '/webhooks/smile-id',
    inputs: [
      secret('apiKey', 'SMILE_ID_API_KEY', 'API key'),
      setting(
        'partnerId',
        'SMILE_ID_PARTNER_ID',
        '--partner-id',
        'partner id (keep leading zeros)',
      ),
    ],
    create: (v) => smileId({ partnerId: v.partnerId as string, apiKey: list(v.apiKey as string) }),
    signInput: () => ({}),
    verifies: true,
  },
  {
    name: 'fiserv',
    path: '/webhooks/fiserv',
    inputs: [
      secret('secret', 'FISERV_API_SECRET', 'API secret'),
      setting('apiKey', 'FISERV_API_KEY', '--api-key', 'API key (sent in Api-Key)'),
    ],
    create: (v) => fiserv({ apiKey: list(v.apiKey as string), secret: list(v.secret as string) }),
    signInput: (body) => (body.length === 0 ? {} : { body: body.toString('utf8') }),
    verifies: true,
  },
  {
    name: 'ethoca',
    path: '/webhooks/ethoca',
    inputs: [
      secret('keys', 'ETHOCA_KEYS', 'key ring, keyRef:secret[,keyRef:secret]'),
      setting(
        'publicUrl',
        'ETHOCA_PUBLIC_URL',
        '--public-url',
        'public origin, such as https://merchant.com',
      ),
    ],
    create: (v) =>
      ethoca({
        keys: keyRing(v.keys as string),
        ...(v.publicUrl ? { publicUrl: v.publicUrl } : {}),
      }),
    signInput: (body, path) => ({
      url: path,
      ...(body.length === 0 ? { method: 'GET' } : { body: body.toString('utf8') }),
    }),
    verifies: true,
  },
  {
    name: 'uicheck',
    path: '/uicheck/signature',
    inputs: [
      secret('secret', 'UICHECK_SECRET', 'UiCheck secret'),
      setting('id', 'UICHECK_ID', '--id', 'UiCheck id'),
      setting('customer', 'UICHECK_CUSTOMER', '--customer', 'Stripe customer id to sign for'),
    ],
    create: (v) => uicheck({ id: v.id as string, secret: list(v.secret as string) }),
    signInput: (_body, _path, settings) => ({ customer: settings.customer }),
    verifies: false,
  },
  simple(
    'stripe',
    '/webhooks/stripe',
    secret('secret', 'STRIPE_WEBHOOK_SECRET', 'endpoint signing secret, whsec_…'),
    (s) => stripe({ secret: s }),
  ),
  simple(
    'github',
    '/webhooks/github',
    secret('secret', 'GITHUB_WEBHOOK_SECRET', 'webhook secret'),
    (s) => github({ secret: s }),
  ),
  simple(
    'shopify',
    '/webhooks/shopify',
    secret('secret', 'SHOPIFY_WEBHOOK_SECRET', 'client secret'),
    (s) => shopify({ secret: s }),
  ),
  {
    ...simple(
      'slack',
      '/webhooks/slack',
      secret('signingSecret', 'SLACK_SIGNING_SECRET', 'signing secret'),
      (s) => slack({ signingSecret: s }),
    ),
    // Events are JSON; slash commands and interactivity are forms.
    signInput: (body) => {
      const text = body.toString('utf8');
      return text.trim().startsWith('{') || text === ''
        ? json(body)
        : { body: text, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    },
  },
  {
    name: 'twilio',
    path: '/webhooks/twilio',
    inputs: [
      secret('authToken', 'TWILIO_AUTH_TOKEN', 'auth token'),
      setting(
        'publicUrl',
        'TWILIO_PUBLIC_URL',
        '--public-url',
        'public origin as set in the Twilio console',
      ),
    ],
    create: (v) =>
      twilio({
        authToken: list(v.authToken as string),
        ...(v.publicUrl ? { publicUrl: v.publicUrl } : {}),
      }),
    signInput: (body, path) => ({ url: path, params: fields(body) }),
    verifies: true,
  },
  simple(
    'standard-webhooks',
    '/webhooks/standard-webhooks',
    secret('secret', 'STANDARD_WEBHOOKS_SECRET', 'whsec_… secret'),
    (s) => standardWebhooks({ secret: s }),
  ),
  simple('svix', '/webhooks/svix', secret('secret', 'SVIX_WEBHOOK_SECRET', 'whsec_… secret'), (s) =>
    svix({ secret: s }),
  ),
  simple(
    'razorpay',
    '/webhooks/razorpay',
    secret('secret', 'RAZORPAY_WEBHOOK_SECRET', 'webhook secret'),
    (s) => razorpay({ secret: s }),
  ),
  simple(
    'paystack',
    '/webhooks/paystack',
    secret('secretKey', 'PAYSTACK_SECRET_KEY', 'secret key'),
    (s) => paystack({ secretKey: s }),
  ),
  simple(
    'flutterwave',
    '/webhooks/flutterwave',
    secret('secretHash', 'FLUTTERWAVE_SECRET_HASH', 'secret hash'),
    (s) => flutterwave({ secretHash: s }),
  ),
];

export function findProvider(name: string | undefined): ProviderEntry | undefined {
  return PROVIDERS.find((provider) => provider.name === name);
}
