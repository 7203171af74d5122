import { ADYEN_PLATFORM_PROVIDER } from '../providers/adyen/platform.js';
import { ADYEN_PROVIDER } from '../providers/adyen/standard.js';
import { AIRWALLEX_PROVIDER } from '../providers/airwallex.js';
import { ASANA_PROVIDER } from '../providers/asana.js';
import { AUTHORIZE_NET_PROVIDER } from '../providers/authorize-net.js';
import { AWS_SNS_PROVIDER } from '../providers/aws-sns/aws-sns.js';
import { BITBUCKET_PROVIDER } from '../providers/bitbucket.js';
import { BOX_PROVIDER } from '../providers/box.js';
import { BRAINTREE_PROVIDER } from '../providers/braintree.js';
import { CALENDLY_PROVIDER } from '../providers/calendly.js';
import { CASHFREE_LEGACY_NOTIFY_PROVIDER } from '../providers/cashfree/legacy-notify.js';
import { CASHFREE_PAYOUTS_V1_PROVIDER } from '../providers/cashfree/payouts-v1.js';
import { CASHFREE_SUBSCRIPTION_PROVIDER } from '../providers/cashfree/subscription.js';
import { CASHFREE_WEBHOOK_PROVIDER } from '../providers/cashfree/webhook.js';
import { CHECKOUT_PROVIDER } from '../providers/checkout.js';
import { CLERK_PROVIDER } from '../providers/clerk.js';
import { COINBASE_COMMERCE_PROVIDER } from '../providers/coinbase-commerce.js';
import { DISCORD_PROVIDER } from '../providers/discord.js';
import { DOCUSIGN_PROVIDER } from '../providers/docusign.js';
import { DROPBOX_PROVIDER } from '../providers/dropbox.js';
import { ETHOCA_PROVIDER } from '../providers/ethoca.js';
import { FISERV_PROVIDER } from '../providers/fiserv.js';
import { FLUTTERWAVE_PROVIDER } from '../providers/flutterwave.js';
import { GITHUB_PROVIDER } from '../providers/github.js';
import { GITLAB_PROVIDER, GITLAB_SIGNED_PROVIDER } from '../providers/gitlab.js';
import { GOCARDLESS_PROVIDER } from '../providers/gocardless.js';
import { HUBSPOT_PROVIDER } from '../providers/hubspot.js';
import { INTERCOM_PROVIDER } from '../providers/intercom.js';
import { LEMON_SQUEEZY_PROVIDER } from '../providers/lemon-squeezy.js';
import { LINEAR_PROVIDER } from '../providers/linear.js';
import { MAILGUN_PROVIDER } from '../providers/mailgun.js';
import { MERCADO_PAGO_PROVIDER } from '../providers/mercado-pago.js';
import { META_PROVIDER } from '../providers/meta.js';
import { MIDTRANS_PROVIDER } from '../providers/midtrans.js';
import { MOLLIE_PROVIDER } from '../providers/mollie.js';
import { MONNIFY_PROVIDER } from '../providers/monnify.js';
import { OKTA_PROVIDER } from '../providers/okta.js';
import { PADDLE_PROVIDER } from '../providers/paddle.js';
import { PAYPAL_PROVIDER } from '../providers/paypal.js';
import { PAYSTACK_PROVIDER } from '../providers/paystack.js';
import { PAYU_PROVIDER } from '../providers/payu.js';
import { PERSONA_PROVIDER } from '../providers/persona.js';
import { PHONEPE_PROVIDER, PHONEPE_V1_PROVIDER } from '../providers/phonepe.js';
import { PLAID_PROVIDER } from '../providers/plaid/plaid.js';
import { POLAR_PROVIDER } from '../providers/polar.js';
import { POSTMARK_PROVIDER } from '../providers/postmark.js';
import { RAZORPAY_PROVIDER } from '../providers/razorpay.js';
import { RESEND_PROVIDER } from '../providers/resend.js';
import { SENDGRID_PROVIDER } from '../providers/sendgrid.js';
import { SENTRY_PROVIDER } from '../providers/sentry.js';
import { SHOPIFY_PROVIDER } from '../providers/shopify.js';
import { SLACK_PROVIDER } from '../providers/slack.js';
import { SMILE_ID_PROVIDER } from '../providers/smile-id.js';
import { SQUARE_PROVIDER } from '../providers/square.js';
import {
  STANDARD_WEBHOOKS_PROVIDER,
  STANDARD_WEBHOOKS_V1A_PROVIDER,
  SVIX_PROVIDER,
} from '../providers/standard-webhooks.js';
import { STRIPE_PROVIDER } from '../providers/stripe.js';
import { TELEGRAM_PROVIDER } from '../providers/telegram.js';
import { TELNYX_PROVIDER } from '../providers/telnyx.js';
import { TWILIO_PROVIDER } from '../providers/twilio.js';
import { TWITCH_PROVIDER } from '../providers/twitch.js';
import { TYPEFORM_PROVIDER } from '../providers/typeform.js';
import { UICHECK_PROVIDER } from '../providers/uicheck.js';
import { VERCEL_PROVIDER } from '../providers/vercel.js';
import { WOOCOMMERCE_PROVIDER } from '../providers/woocommerce.js';
import { WORKOS_PROVIDER } from '../providers/workos.js';
import { XENDIT_PROVIDER } from '../providers/xendit.js';
import { XERO_PROVIDER } from '../providers/xero.js';
import { ZOOM_PROVIDER } from '../providers/zoom.js';
import { defineProvider, type ProviderEntry } from './provider-entry.js';

/**
 * Every provider hookguard ships, one entry per scheme (Cashfree's four each have one), in
 * the order the CLI lists them. The CLI, the example apps, the demo and the tests read this
 * list; each entry is declared next to its factory, in `src/providers/`.
 *
 * @example
 * ```ts
 * import { PROVIDERS } from '@hookguard/core';
 *
 * for (const provider of PROVIDERS) console.log(provider.id, provider.route);
 * const stripe = PROVIDERS.find((provider) => provider.id === 'stripe');
 * const scheme = stripe?.create({ secret: process.env.STRIPE_WEBHOOK_SECRET ?? '' });
 * ```
 */
export const PROVIDERS = [
  defineProvider(CASHFREE_WEBHOOK_PROVIDER),
  defineProvider(CASHFREE_SUBSCRIPTION_PROVIDER),
  defineProvider(CASHFREE_LEGACY_NOTIFY_PROVIDER),
  defineProvider(CASHFREE_PAYOUTS_V1_PROVIDER),
  defineProvider(SMILE_ID_PROVIDER),
  defineProvider(FISERV_PROVIDER),
  defineProvider(ETHOCA_PROVIDER),
  defineProvider(UICHECK_PROVIDER),
  defineProvider(STRIPE_PROVIDER),
  defineProvider(GITHUB_PROVIDER),
  defineProvider(SHOPIFY_PROVIDER),
  defineProvider(SLACK_PROVIDER),
  defineProvider(TWILIO_PROVIDER),
  defineProvider(STANDARD_WEBHOOKS_PROVIDER),
  defineProvider(SVIX_PROVIDER),
  defineProvider(RAZORPAY_PROVIDER),
  defineProvider(PAYSTACK_PROVIDER),
  defineProvider(FLUTTERWAVE_PROVIDER),
  defineProvider(DISCORD_PROVIDER),
  defineProvider(TELNYX_PROVIDER),
  defineProvider(STANDARD_WEBHOOKS_V1A_PROVIDER),
  defineProvider(ADYEN_PROVIDER),
  defineProvider(ADYEN_PLATFORM_PROVIDER),
  defineProvider(SENDGRID_PROVIDER),
  defineProvider(ZOOM_PROVIDER),
  defineProvider(TWITCH_PROVIDER),
  defineProvider(META_PROVIDER),
  defineProvider(DROPBOX_PROVIDER),
  defineProvider(OKTA_PROVIDER),
  defineProvider(XERO_PROVIDER),
  defineProvider(BRAINTREE_PROVIDER),
  defineProvider(PAYPAL_PROVIDER),
  defineProvider(AWS_SNS_PROVIDER),
  defineProvider(PLAID_PROVIDER),
  defineProvider(PADDLE_PROVIDER),
  defineProvider(SQUARE_PROVIDER),
  defineProvider(COINBASE_COMMERCE_PROVIDER),
  defineProvider(LEMON_SQUEEZY_PROVIDER),
  defineProvider(WORKOS_PROVIDER),
  defineProvider(LINEAR_PROVIDER),
  defineProvider(GOCARDLESS_PROVIDER),
  defineProvider(CHECKOUT_PROVIDER),
  defineProvider(BITBUCKET_PROVIDER),
  defineProvider(INTERCOM_PROVIDER),
  defineProvider(VERCEL_PROVIDER),
  defineProvider(TYPEFORM_PROVIDER),
  defineProvider(SENTRY_PROVIDER),
  defineProvider(WOOCOMMERCE_PROVIDER),
  defineProvider(CALENDLY_PROVIDER),
  defineProvider(TELEGRAM_PROVIDER),
  defineProvider(GITLAB_PROVIDER),
  defineProvider(GITLAB_SIGNED_PROVIDER),
  defineProvider(XENDIT_PROVIDER),
  defineProvider(POSTMARK_PROVIDER),
  defineProvider(RESEND_PROVIDER),
  defineProvider(CLERK_PROVIDER),
  defineProvider(POLAR_PROVIDER),
  defineProvider(PERSONA_PROVIDER),
  defineProvider(MOLLIE_PROVIDER),
  defineProvider(MONNIFY_PROVIDER),
  defineProvider(AIRWALLEX_PROVIDER),
  defineProvider(ASANA_PROVIDER),
  defineProvider(MIDTRANS_PROVIDER),
  defineProvider(PAYU_PROVIDER),
  defineProvider(PHONEPE_PROVIDER),
  defineProvider(PHONEPE_V1_PROVIDER),
  defineProvider(MERCADO_PAGO_PROVIDER),
  defineProvider(MAILGUN_PROVIDER),
  defineProvider(HUBSPOT_PROVIDER),
  defineProvider(BOX_PROVIDER),
  defineProvider(DOCUSIGN_PROVIDER),
  defineProvider(AUTHORIZE_NET_PROVIDER),
] as const satisfies readonly ProviderEntry[];

/**
 * The catalog: {@link PROVIDERS} by the name the docs give it, one entry per preset with its
 * id, vendor, family, media type, handshakes, docs link and the oracle it is proven by. The
 * CLI, the demo, the example apps, the tests and `docs/providers.md` (generated by
 * `pnpm docs:providers`) all read this one list.
 *
 * @example
 * ```ts
 * import { catalog } from '@hookguard/core';
 *
 * const unproven = catalog.filter((entry) => entry.oracle.kind === 'none');
 * const handshaking = catalog.filter((entry) => entry.handshakes.length > 0);
 * ```
 */
export const catalog = PROVIDERS;
