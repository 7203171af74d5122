// @ts-check
// Every known-answer vector file (test/vectors/*.json), imported as JSON modules so each
// runtime loads them itself (Deno with no read permission; workerd and the Edge VM from the
// bundle). portable.test.ts fails when a file in test/vectors is missing from this list.
import adyen from '../vectors/adyen.json' with { type: 'json' };
import adyenPlatform from '../vectors/adyen-platform.json' with { type: 'json' };
import airwallex from '../vectors/airwallex.json' with { type: 'json' };
import asana from '../vectors/asana.json' with { type: 'json' };
import authorizeNet from '../vectors/authorize-net.json' with { type: 'json' };
import awsSns from '../vectors/aws-sns.json' with { type: 'json' };
import bitbucket from '../vectors/bitbucket.json' with { type: 'json' };
import box from '../vectors/box.json' with { type: 'json' };
import braintree from '../vectors/braintree.json' with { type: 'json' };
import calendly from '../vectors/calendly.json' with { type: 'json' };
import cashfreeLegacyNotify from '../vectors/cashfree-legacy-notify.json' with { type: 'json' };
import cashfreePayoutsV1 from '../vectors/cashfree-payouts-v1.json' with { type: 'json' };
import cashfreeSubscription from '../vectors/cashfree-subscription.json' with { type: 'json' };
import cashfreeWebhook from '../vectors/cashfree-webhook.json' with { type: 'json' };
import checkout from '../vectors/checkout.json' with { type: 'json' };
import clerk from '../vectors/clerk.json' with { type: 'json' };
import coinbaseCommerce from '../vectors/coinbase-commerce.json' with { type: 'json' };
import discord from '../vectors/discord.json' with { type: 'json' };
import docusign from '../vectors/docusign.json' with { type: 'json' };
import dropbox from '../vectors/dropbox.json' with { type: 'json' };
import ethoca from '../vectors/ethoca.json' with { type: 'json' };
import fiserv from '../vectors/fiserv.json' with { type: 'json' };
import flutterwave from '../vectors/flutterwave.json' with { type: 'json' };
import github from '../vectors/github.json' with { type: 'json' };
import gitlab from '../vectors/gitlab.json' with { type: 'json' };
import gitlabSigned from '../vectors/gitlab-signed.json' with { type: 'json' };
import gocardless from '../vectors/gocardless.json' with { type: 'json' };
import hubspot from '../vectors/hubspot.json' with { type: 'json' };
import intercom from '../vectors/intercom.json' with { type: 'json' };
import lemonSqueezy from '../vectors/lemon-squeezy.json' with { type: 'json' };
import linear from '../vectors/linear.json' with { type: 'json' };
import mailgun from '../vectors/mailgun.json' with { type: 'json' };
import mercadoPago from '../vectors/mercado-pago.json' with { type: 'json' };
import meta from '../vectors/meta.json' with { type: 'json' };
import midtrans from '../vectors/midtrans.json' with { type: 'json' };
import mollie from '../vectors/mollie.json' with { type: 'json' };
import monnify from '../vectors/monnify.json' with { type: 'json' };
import okta from '../vectors/okta.json' with { type: 'json' };
import paddle from '../vectors/paddle.json' with { type: 'json' };
import paypal from '../vectors/paypal.json' with { type: 'json' };
import paystack from '../vectors/paystack.json' with { type: 'json' };
import payu from '../vectors/payu.json' with { type: 'json' };
import persona from '../vectors/persona.json' with { type: 'json' };
import phonepe from '../vectors/phonepe.json' with { type: 'json' };
import phonepeV1 from '../vectors/phonepe-v1.json' with { type: 'json' };
import plaid from '../vectors/plaid.json' with { type: 'json' };
import polar from '../vectors/polar.json' with { type: 'json' };
import postmark from '../vectors/postmark.json' with { type: 'json' };
import razorpay from '../vectors/razorpay.json' with { type: 'json' };
import resend from '../vectors/resend.json' with { type: 'json' };
import sendgrid from '../vectors/sendgrid.json' with { type: 'json' };
import sentry from '../vectors/sentry.json' with { type: 'json' };
import shopify from '../vectors/shopify.json' with { type: 'json' };
import slack from '../vectors/slack.json' with { type: 'json' };
import smileId from '../vectors/smile-id.json' with { type: 'json' };
import square from '../vectors/square.json' with { type: 'json' };
import standardWebhooks from '../vectors/standard-webhooks.json' with { type: 'json' };
import standardWebhooksV1a from '../vectors/standard-webhooks-v1a.json' with { type: 'json' };
import stripe from '../vectors/stripe.json' with { type: 'json' };
import svix from '../vectors/svix.json' with { type: 'json' };
import telegram from '../vectors/telegram.json' with { type: 'json' };
import telnyx from '../vectors/telnyx.json' with { type: 'json' };
import twilio from '../vectors/twilio.json' with { type: 'json' };
import twilioJson from '../vectors/twilio-json.json' with { type: 'json' };
import twitch from '../vectors/twitch.json' with { type: 'json' };
import typeform from '../vectors/typeform.json' with { type: 'json' };
import uicheck from '../vectors/uicheck.json' with { type: 'json' };
import vercel from '../vectors/vercel.json' with { type: 'json' };
import woocommerce from '../vectors/woocommerce.json' with { type: 'json' };
import workos from '../vectors/workos.json' with { type: 'json' };
import xendit from '../vectors/xendit.json' with { type: 'json' };
import xero from '../vectors/xero.json' with { type: 'json' };
import zoom from '../vectors/zoom.json' with { type: 'json' };

/** The vector files as test/support/vectors.ts loads them: `{ file, ...contents }`. */
export const VECTOR_FILES = [
  { file: 'adyen-platform.json', ...adyenPlatform },
  { file: 'adyen.json', ...adyen },
  { file: 'airwallex.json', ...airwallex },
  { file: 'asana.json', ...asana },
  { file: 'authorize-net.json', ...authorizeNet },
  { file: 'aws-sns.json', ...awsSns },
  { file: 'bitbucket.json', ...bitbucket },
  { file: 'box.json', ...box },
  { file: 'braintree.json', ...braintree },
  { file: 'calendly.json', ...calendly },
  { file: 'cashfree-legacy-notify.json', ...cashfreeLegacyNotify },
  { file: 'cashfree-payouts-v1.json', ...cashfreePayoutsV1 },
  { file: 'cashfree-subscription.json', ...cashfreeSubscription },
  { file: 'cashfree-webhook.json', ...cashfreeWebhook },
  { file: 'checkout.json', ...checkout },
  { file: 'clerk.json', ...clerk },
  { file: 'coinbase-commerce.json', ...coinbaseCommerce },
  { file: 'discord.json', ...discord },
  { file: 'docusign.json', ...docusign },
  { file: 'dropbox.json', ...dropbox },
  { file: 'ethoca.json', ...ethoca },
  { file: 'fiserv.json', ...fiserv },
  { file: 'flutterwave.json', ...flutterwave },
  { file: 'github.json', ...github },
  { file: 'gitlab-signed.json', ...gitlabSigned },
  { file: 'gitlab.json', ...gitlab },
  { file: 'gocardless.json', ...gocardless },
  { file: 'hubspot.json', ...hubspot },
  { file: 'intercom.json', ...intercom },
  { file: 'lemon-squeezy.json', ...lemonSqueezy },
  { file: 'linear.json', ...linear },
  { file: 'mailgun.json', ...mailgun },
  { file: 'mercado-pago.json', ...mercadoPago },
  { file: 'meta.json', ...meta },
  { file: 'midtrans.json', ...midtrans },
  { file: 'mollie.json', ...mollie },
  { file: 'monnify.json', ...monnify },
  { file: 'okta.json', ...okta },
  { file: 'paddle.json', ...paddle },
  { file: 'paypal.json', ...paypal },
  { file: 'paystack.json', ...paystack },
  { file: 'payu.json', ...payu },
  { file: 'persona.json', ...persona },
  { file: 'phonepe-v1.json', ...phonepeV1 },
  { file: 'phonepe.json', ...phonepe },
  { file: 'plaid.json', ...plaid },
  { file: 'polar.json', ...polar },
  { file: 'postmark.json', ...postmark },
  { file: 'razorpay.json', ...razorpay },
  { file: 'resend.json', ...resend },
  { file: 'sendgrid.json', ...sendgrid },
  { file: 'sentry.json', ...sentry },
  { file: 'shopify.json', ...shopify },
  { file: 'slack.json', ...slack },
  { file: 'smile-id.json', ...smileId },
  { file: 'square.json', ...square },
  { file: 'standard-webhooks-v1a.json', ...standardWebhooksV1a },
  { file: 'standard-webhooks.json', ...standardWebhooks },
  { file: 'stripe.json', ...stripe },
  { file: 'svix.json', ...svix },
  { file: 'telegram.json', ...telegram },
  { file: 'telnyx.json', ...telnyx },
  { file: 'twilio-json.json', ...twilioJson },
  { file: 'twilio.json', ...twilio },
  { file: 'twitch.json', ...twitch },
  { file: 'typeform.json', ...typeform },
  { file: 'uicheck.json', ...uicheck },
  { file: 'vercel.json', ...vercel },
  { file: 'woocommerce.json', ...woocommerce },
  { file: 'workos.json', ...workos },
  { file: 'xendit.json', ...xendit },
  { file: 'xero.json', ...xero },
  { file: 'zoom.json', ...zoom },
];
