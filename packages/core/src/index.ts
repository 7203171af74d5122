export { catalog, PROVIDERS } from './catalog/providers.js';
export { cryptoBackend } from './crypto/run-with-crypto.js';
export { VERIFY_CHANNELS } from './diagnostics/verify-channels.js';
export {
  ERROR_STATUS,
  isWebhookVerificationError,
  toErrorResponse,
  WebhookVerificationError,
} from './errors.js';
export { explain, explainAsync } from './explain.js';
export { formatExplanation } from './format-explanation.js';
export {
  formFlag,
  headerChallenge,
  queryChallenge,
  signedHandshake,
} from './handshake/flows.js';
export { emptyReply, jsonReply, textReply } from './handshake/handshake.js';
export { DEFAULT_BODY_LIMIT_BYTES, MAX_FORM_FIELDS } from './limits.js';
export { adyen } from './providers/adyen/index.js';
export { airwallex } from './providers/airwallex.js';
export { asana } from './providers/asana.js';
export { authorizeNet } from './providers/authorize-net.js';
export { awsSns } from './providers/aws-sns/aws-sns.js';
export { bitbucket } from './providers/bitbucket.js';
export { box } from './providers/box.js';
export { braintree } from './providers/braintree.js';
export { calendly } from './providers/calendly.js';
export { cashfree } from './providers/cashfree/index.js';
export { checkout } from './providers/checkout.js';
export { clerk } from './providers/clerk.js';
export { coinbaseCommerce } from './providers/coinbase-commerce.js';
export { discord } from './providers/discord.js';
export { docusign } from './providers/docusign.js';
export { dropbox } from './providers/dropbox.js';
export { ethoca } from './providers/ethoca.js';
export { compactJson } from './providers/ethoca-compact-json.js';
export { fiserv } from './providers/fiserv.js';
export { flutterwave } from './providers/flutterwave.js';
export { github } from './providers/github.js';
export { gitlab } from './providers/gitlab.js';
export { gocardless } from './providers/gocardless.js';
export { hmac, payloadOf } from './providers/hmac.js';
export { hubspot } from './providers/hubspot.js';
export { intercom } from './providers/intercom.js';
export { lemonSqueezy } from './providers/lemon-squeezy.js';
export { linear } from './providers/linear.js';
export { mailgun } from './providers/mailgun.js';
export { mercadoPago } from './providers/mercado-pago.js';
export { meta } from './providers/meta.js';
export { midtrans } from './providers/midtrans.js';
export { mollie } from './providers/mollie.js';
export { monnify } from './providers/monnify.js';
export { okta } from './providers/okta.js';
export { paddle } from './providers/paddle.js';
export { paypal } from './providers/paypal.js';
export { paystack } from './providers/paystack.js';
export { payu } from './providers/payu.js';
export { persona } from './providers/persona.js';
export { phonepe } from './providers/phonepe.js';
export { plaid } from './providers/plaid/plaid.js';
export { polar } from './providers/polar.js';
export { postmark } from './providers/postmark.js';
export { publicKeyScheme } from './providers/public-key-scheme.js';
export { razorpay } from './providers/razorpay.js';
export { resend } from './providers/resend.js';
export { SALT, saltedHash } from './providers/salted-hash.js';
export { sendgrid } from './providers/sendgrid.js';
export { sentry } from './providers/sentry.js';
export { sharedToken } from './providers/shared-token.js';
export { shopify } from './providers/shopify.js';
export { slack } from './providers/slack.js';
export { smileId } from './providers/smile-id.js';
export { square } from './providers/square.js';
export { standardWebhooks, svix } from './providers/standard-webhooks.js';
export { stripe } from './providers/stripe.js';
export { telegram } from './providers/telegram.js';
export { telnyx } from './providers/telnyx.js';
export { twilio } from './providers/twilio.js';
export { twitch } from './providers/twitch.js';
export { typeform } from './providers/typeform.js';
export { uicheck } from './providers/uicheck.js';
export { vercel } from './providers/vercel.js';
export { woocommerce } from './providers/woocommerce.js';
export { workos } from './providers/workos.js';
export { xendit } from './providers/xendit.js';
export { xero } from './providers/xero.js';
export { zoom } from './providers/zoom.js';
export { DEFAULT_MEMORY_STORE_MAX_KEYS, MemoryReplayStore } from './replay/memory-replay-store.js';
export {
  DEFAULT_REPLAY_LEASE_SECONDS,
  DEFAULT_REPLAY_STORE_TIMEOUT_MS,
} from './replay/replay-policy.js';
export { fromExpectation, handleCheckExpectation } from './request/check-expectation.js';
export { fromClientError, handleClientError } from './request/client-error.js';
export { handleFrameworkError } from './request/framework-error.js';
export { headersFromRaw } from './request/headers.js';
export { parseForm } from './request/parse-form.js';
export { requireHost } from './request/require-host.js';
export { DEFAULT_UNTIMED_REPLAY_TTL_SECONDS } from './scheme.js';
export { sign, signAsync } from './sign.js';
export { DEFAULT_TOLERANCE_SECONDS } from './time/timestamps.js';
export type * from './types.js';
export { verify } from './verify.js';
