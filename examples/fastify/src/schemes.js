// @ts-check
import {
  cashfree,
  ethoca,
  fiserv,
  flutterwave,
  github,
  paystack,
  razorpay,
  shopify,
  slack,
  smileId,
  standardWebhooks,
  stripe,
  svix,
  twilio,
  uicheck,
} from '@hookguard/core';

/** Used when a variable is unset, so the app starts anywhere. Never take real traffic with them. */
export const DEMO_DEFAULTS = {
  CASHFREE_CLIENT_SECRET: 'demo-cashfree-client-secret',
  SMILE_ID_PARTNER_ID: '085',
  SMILE_ID_API_KEY: 'demo-smile-id-api-key',
  FISERV_API_KEY: 'demo-fiserv-api-key',
  FISERV_API_SECRET: 'demo-fiserv-api-secret',
  ETHOCA_KEYS: 'demo-key:demo-ethoca-secret',
  ETHOCA_PUBLIC_URL: 'https://merchant.example',
  UICHECK_ID: 'demo-uicheck-id',
  UICHECK_SECRET: 'demo-uicheck-secret',
  STRIPE_WEBHOOK_SECRET: 'whsec_demo_stripe_secret',
  GITHUB_WEBHOOK_SECRET: 'demo-github-secret',
  SHOPIFY_WEBHOOK_SECRET: 'demo-shopify-secret',
  SLACK_SIGNING_SECRET: 'demo-slack-signing-secret',
  TWILIO_AUTH_TOKEN: 'demo-twilio-auth-token',
  TWILIO_PUBLIC_URL: 'https://merchant.example',
  STANDARD_WEBHOOKS_SECRET: 'whsec_ZGVtby1zdGFuZGFyZC13ZWJob29rcy1zZWNyZXQ=',
  SVIX_WEBHOOK_SECRET: 'whsec_ZGVtby1zdml4LXdlYmhvb2stc2VjcmV0',
  RAZORPAY_WEBHOOK_SECRET: 'demo-razorpay-secret',
  PAYSTACK_SECRET_KEY: 'sk_test_demo_paystack',
  FLUTTERWAVE_SECRET_HASH: 'demo-flutterwave-secret-hash',
};

/** `a,b` → `['a', 'b']`: list a new secret first while rotating. */
const list = (/** @type {string} */ value) => value.split(',').map((item) => item.trim());

/** `keyRef:secret,keyRef:secret` → `{ keyRef: secret }` (a secret may contain `:`). */
function parseKeyRing(/** @type {string} */ value) {
  /** @type {Record<string, string>} */
  const keys = {};
  for (const pair of list(value)) {
    const colon = pair.indexOf(':');
    if (colon < 1) throw new TypeError('ETHOCA_KEYS must look like keyRef:secret,keyRef:secret');
    keys[pair.slice(0, colon)] = pair.slice(colon + 1);
  }
  return keys;
}

/**
 * Every scheme the app serves, from environment variables. Warns, naming the variable,
 * for each one that fell back to a demo value.
 *
 * @param {Record<string, string | undefined>} env
 * @param {(message: string) => void} warn
 */
export function schemesFromEnv(env = process.env, warn = console.warn) {
  /** @param {keyof typeof DEMO_DEFAULTS} name */
  const read = (name) => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    warn(
      `[hookguard example] ${name} is not set: using a demo value. Set it before receiving real callbacks.`,
    );
    return DEMO_DEFAULTS[name];
  };
  const cashfreeSecret = list(read('CASHFREE_CLIENT_SECRET'));
  const uicheckId = read('UICHECK_ID');
  return {
    cashfree: cashfree.webhook({ secret: cashfreeSecret }),
    cashfreeSubscription: cashfree.subscription({ secret: cashfreeSecret }),
    smileId: smileId({
      partnerId: read('SMILE_ID_PARTNER_ID'),
      apiKey: list(read('SMILE_ID_API_KEY')),
    }),
    fiserv: fiserv({
      apiKey: list(read('FISERV_API_KEY')),
      secret: list(read('FISERV_API_SECRET')),
    }),
    ethoca: ethoca({
      keys: parseKeyRing(read('ETHOCA_KEYS')),
      publicUrl: read('ETHOCA_PUBLIC_URL'),
    }),
    uicheck: uicheck({ id: uicheckId, secret: list(read('UICHECK_SECRET')) }),
    uicheckId,
    stripe: stripe({ secret: list(read('STRIPE_WEBHOOK_SECRET')) }),
    github: github({ secret: list(read('GITHUB_WEBHOOK_SECRET')) }),
    shopify: shopify({ secret: list(read('SHOPIFY_WEBHOOK_SECRET')) }),
    slack: slack({ signingSecret: list(read('SLACK_SIGNING_SECRET')) }),
    twilio: twilio({
      authToken: list(read('TWILIO_AUTH_TOKEN')),
      publicUrl: read('TWILIO_PUBLIC_URL'),
    }),
    standardWebhooks: standardWebhooks({ secret: list(read('STANDARD_WEBHOOKS_SECRET')) }),
    svix: svix({ secret: list(read('SVIX_WEBHOOK_SECRET')) }),
    razorpay: razorpay({ secret: list(read('RAZORPAY_WEBHOOK_SECRET')) }),
    paystack: paystack({ secretKey: list(read('PAYSTACK_SECRET_KEY')) }),
    flutterwave: flutterwave({ secretHash: list(read('FLUTTERWAVE_SECRET_HASH')) }),
  };
}

/** @typedef {ReturnType<typeof schemesFromEnv>} Schemes */

/**
 * Every webhook route the app serves, and the scheme that verifies it.
 * @param {Schemes} schemes
 * @returns {[path: string, scheme: import('@hookguard/core').WebhookScheme<any, any, any>][]}
 */
export function webhookRouteTable(schemes) {
  return [
    ['/webhooks/cashfree', schemes.cashfree],
    ['/webhooks/cashfree/subscription', schemes.cashfreeSubscription],
    ['/webhooks/smile-id', schemes.smileId],
    ['/webhooks/fiserv', schemes.fiserv],
    ['/webhooks/ethoca', schemes.ethoca],
    ['/webhooks/stripe', schemes.stripe],
    ['/webhooks/github', schemes.github],
    ['/webhooks/shopify', schemes.shopify],
    ['/webhooks/slack', schemes.slack],
    ['/webhooks/twilio', schemes.twilio],
    ['/webhooks/standard-webhooks', schemes.standardWebhooks],
    ['/webhooks/svix', schemes.svix],
    ['/webhooks/razorpay', schemes.razorpay],
    ['/webhooks/paystack', schemes.paystack],
    ['/webhooks/flutterwave', schemes.flutterwave],
  ];
}
