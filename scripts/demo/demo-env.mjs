// @ts-check
/** The secrets the demo and the example tests start both apps with (never real ones). */
export const DEMO_ENV = {
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
