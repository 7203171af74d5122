// @ts-check
// Every known-answer vector file (test/vectors/*.json), imported as JSON modules so each
// runtime loads them itself (Deno with no read permission; workerd and the Edge VM from the
// bundle). portable.test.ts fails when a file in test/vectors is missing from this list.
import adyen from '../vectors/adyen.json' with { type: 'json' };
import adyenPlatform from '../vectors/adyen-platform.json' with { type: 'json' };
import awsSns from '../vectors/aws-sns.json' with { type: 'json' };
import braintree from '../vectors/braintree.json' with { type: 'json' };
import cashfreeLegacyNotify from '../vectors/cashfree-legacy-notify.json' with { type: 'json' };
import cashfreePayoutsV1 from '../vectors/cashfree-payouts-v1.json' with { type: 'json' };
import cashfreeSubscription from '../vectors/cashfree-subscription.json' with { type: 'json' };
import cashfreeWebhook from '../vectors/cashfree-webhook.json' with { type: 'json' };
import checkout from '../vectors/checkout.json' with { type: 'json' };
import coinbaseCommerce from '../vectors/coinbase-commerce.json' with { type: 'json' };
import discord from '../vectors/discord.json' with { type: 'json' };
import dropbox from '../vectors/dropbox.json' with { type: 'json' };
import ethoca from '../vectors/ethoca.json' with { type: 'json' };
import fiserv from '../vectors/fiserv.json' with { type: 'json' };
import flutterwave from '../vectors/flutterwave.json' with { type: 'json' };
import github from '../vectors/github.json' with { type: 'json' };
import gocardless from '../vectors/gocardless.json' with { type: 'json' };
import lemonSqueezy from '../vectors/lemon-squeezy.json' with { type: 'json' };
import linear from '../vectors/linear.json' with { type: 'json' };
import meta from '../vectors/meta.json' with { type: 'json' };
import okta from '../vectors/okta.json' with { type: 'json' };
import paddle from '../vectors/paddle.json' with { type: 'json' };
import paypal from '../vectors/paypal.json' with { type: 'json' };
import paystack from '../vectors/paystack.json' with { type: 'json' };
import plaid from '../vectors/plaid.json' with { type: 'json' };
import razorpay from '../vectors/razorpay.json' with { type: 'json' };
import sendgrid from '../vectors/sendgrid.json' with { type: 'json' };
import shopify from '../vectors/shopify.json' with { type: 'json' };
import slack from '../vectors/slack.json' with { type: 'json' };
import smileId from '../vectors/smile-id.json' with { type: 'json' };
import square from '../vectors/square.json' with { type: 'json' };
import standardWebhooks from '../vectors/standard-webhooks.json' with { type: 'json' };
import standardWebhooksV1a from '../vectors/standard-webhooks-v1a.json' with { type: 'json' };
import stripe from '../vectors/stripe.json' with { type: 'json' };
import svix from '../vectors/svix.json' with { type: 'json' };
import telnyx from '../vectors/telnyx.json' with { type: 'json' };
import twilio from '../vectors/twilio.json' with { type: 'json' };
import twilioJson from '../vectors/twilio-json.json' with { type: 'json' };
import twitch from '../vectors/twitch.json' with { type: 'json' };
import uicheck from '../vectors/uicheck.json' with { type: 'json' };
import workos from '../vectors/workos.json' with { type: 'json' };
import xero from '../vectors/xero.json' with { type: 'json' };
import zoom from '../vectors/zoom.json' with { type: 'json' };

/** The vector files as test/support/vectors.ts loads them: `{ file, ...contents }`. */
export const VECTOR_FILES = [
  { file: 'adyen-platform.json', ...adyenPlatform },
  { file: 'adyen.json', ...adyen },
  { file: 'aws-sns.json', ...awsSns },
  { file: 'braintree.json', ...braintree },
  { file: 'cashfree-legacy-notify.json', ...cashfreeLegacyNotify },
  { file: 'cashfree-payouts-v1.json', ...cashfreePayoutsV1 },
  { file: 'cashfree-subscription.json', ...cashfreeSubscription },
  { file: 'cashfree-webhook.json', ...cashfreeWebhook },
  { file: 'checkout.json', ...checkout },
  { file: 'coinbase-commerce.json', ...coinbaseCommerce },
  { file: 'discord.json', ...discord },
  { file: 'dropbox.json', ...dropbox },
  { file: 'ethoca.json', ...ethoca },
  { file: 'fiserv.json', ...fiserv },
  { file: 'flutterwave.json', ...flutterwave },
  { file: 'github.json', ...github },
  { file: 'gocardless.json', ...gocardless },
  { file: 'lemon-squeezy.json', ...lemonSqueezy },
  { file: 'linear.json', ...linear },
  { file: 'meta.json', ...meta },
  { file: 'okta.json', ...okta },
  { file: 'paddle.json', ...paddle },
  { file: 'paypal.json', ...paypal },
  { file: 'paystack.json', ...paystack },
  { file: 'plaid.json', ...plaid },
  { file: 'razorpay.json', ...razorpay },
  { file: 'sendgrid.json', ...sendgrid },
  { file: 'shopify.json', ...shopify },
  { file: 'slack.json', ...slack },
  { file: 'smile-id.json', ...smileId },
  { file: 'square.json', ...square },
  { file: 'standard-webhooks-v1a.json', ...standardWebhooksV1a },
  { file: 'standard-webhooks.json', ...standardWebhooks },
  { file: 'stripe.json', ...stripe },
  { file: 'svix.json', ...svix },
  { file: 'telnyx.json', ...telnyx },
  { file: 'twilio-json.json', ...twilioJson },
  { file: 'twilio.json', ...twilio },
  { file: 'twitch.json', ...twitch },
  { file: 'uicheck.json', ...uicheck },
  { file: 'workos.json', ...workos },
  { file: 'xero.json', ...xero },
  { file: 'zoom.json', ...zoom },
];
