export type { WebhookLogger } from './adapter/webhook-logger.js';
export type {
  CatalogHandshake,
  CatalogOracle,
  CreateOptions,
  DemoKeyDocument,
  PlainSetting,
  ProviderEntry,
  ProviderFamily,
  ProviderOracle,
  ProviderSetting,
  SecretSetting,
  SettingValues,
  SigningProviderEntry,
  WebhookProviderEntry,
} from './catalog/provider-entry.js';
export type { SignatureEncoding } from './crypto/encoding.js';
export type { HmacAlgorithm, MessagePart } from './crypto/hmac.js';
export type {
  ReplayStatus,
  VerifyEndMessage,
  VerifyErrorMessage,
  VerifyStartMessage,
} from './diagnostics/verify-channels.js';
export type {
  WebhookErrorBody,
  WebhookErrorCode,
  WebhookVerificationErrorOptions,
} from './errors.js';
export type {
  ExplainedCheck,
  ExplainedHandshake,
  ExplainedItem,
  ExplainedKey,
  ExplainedSignature,
  ExplainedString,
  ExplainOptions,
  Explanation,
} from './explain.js';
export type { AnsweredHandshake } from './handshake/answer-handshake.js';
export type {
  FormFlagOptions,
  HeaderChallengeOptions,
  QueryChallengeOptions,
  SignedHandshakeOptions,
  SignedMatch,
} from './handshake/flows.js';
export type { Handshake, HandshakeReply, HandshakeRequest } from './handshake/handshake.js';
export type { FetchFunction } from './keys/key-fetch.js';
export type { SecretInput } from './keys/key-ring.js';
export type { PublicKeyEncoding } from './keys/public-key-forms.js';
export type { CryptoBackend, SignatureAlgorithm } from './platform/platform.js';
export type {
  AdyenNotification,
  AdyenNotificationRequestItem,
} from './providers/adyen/notification-items.js';
export type { AdyenPlatformOptions } from './providers/adyen/platform.js';
export type { AdyenOptions, AdyenSignInput } from './providers/adyen/standard.js';
export type { AirwallexOptions } from './providers/airwallex.js';
export type { AsanaOptions } from './providers/asana.js';
export type { AuthorizeNetOptions } from './providers/authorize-net.js';
export type { AwsSnsOptions, AwsSnsSignInput } from './providers/aws-sns/aws-sns.js';
export type {
  AwsSnsMessage,
  AwsSnsMessageType,
  AwsSnsSignatureVersion,
} from './providers/aws-sns/sns-message.js';
export type { BitbucketOptions } from './providers/bitbucket.js';
export type { BoxOptions } from './providers/box.js';
export type {
  BraintreeNotification,
  BraintreeOptions,
  BraintreeSignInput,
} from './providers/braintree.js';
export type { CalendlyOptions } from './providers/calendly.js';
export type {
  CashfreeLegacyNotifyOptions,
  CashfreeLegacyNotifyPayload,
} from './providers/cashfree/legacy-notify.js';
export type { CashfreePayoutsV1Options } from './providers/cashfree/payouts-v1.js';
export type {
  CashfreeFormSignInput,
  CashfreeSubscriptionOptions,
} from './providers/cashfree/subscription.js';
export type {
  CashfreeWebhookOptions,
  CashfreeWebhookSignInput,
} from './providers/cashfree/webhook.js';
export type { CheckoutOptions } from './providers/checkout.js';
export type { ClerkOptions } from './providers/clerk.js';
export type { CoinbaseCommerceOptions } from './providers/coinbase-commerce.js';
export type { DiscordOptions } from './providers/discord.js';
export type { DocusignOptions } from './providers/docusign.js';
export type { DropboxOptions } from './providers/dropbox.js';
export type {
  EthocaOptions,
  EthocaSignatureEncoding,
  EthocaSignInput,
} from './providers/ethoca.js';
export type {
  FiservOptions,
  FiservSignatureEncoding,
  FiservSignInput,
} from './providers/fiserv.js';
export type { FlutterwaveOptions, FlutterwaveSignInput } from './providers/flutterwave.js';
export type { GithubOptions } from './providers/github.js';
export type { GitlabOptions, GitlabSignedOptions } from './providers/gitlab.js';
export type { GocardlessOptions } from './providers/gocardless.js';
export type {
  HeaderSchemeOptions,
  HmacHeaderSignature,
  HmacJsonSignature,
  HmacKeyedHeadersSignature,
  HmacSchemeOptions,
  HmacSecretEncoding,
  HmacSignatureLocation,
  HmacSignedRequest,
  HmacSignInput,
  HmacTimestampLocation,
  HmacTimestampUnit,
} from './providers/hmac.js';
export type { HubspotOptions } from './providers/hubspot.js';
export type { IntercomOptions } from './providers/intercom.js';
export type { LemonSqueezyOptions } from './providers/lemon-squeezy.js';
export type { LinearOptions } from './providers/linear.js';
export type { MailgunOptions } from './providers/mailgun.js';
export type { MercadoPagoOptions } from './providers/mercado-pago.js';
export type { MetaOptions } from './providers/meta.js';
export type { MidtransOptions } from './providers/midtrans.js';
export type { MollieOptions } from './providers/mollie.js';
export type { MonnifyOptions } from './providers/monnify.js';
export type { OktaOptions, OktaSignInput } from './providers/okta.js';
export type { PaddleOptions } from './providers/paddle.js';
export type { PaypalOptions } from './providers/paypal.js';
export type { PaystackOptions } from './providers/paystack.js';
export type { PayuOptions } from './providers/payu.js';
export type { PersonaOptions } from './providers/persona.js';
export type { PhonepeOptions, PhonepeV1Options } from './providers/phonepe.js';
export type { PlaidEnvironment, PlaidOptions } from './providers/plaid/plaid.js';
export type { PolarOptions, PolarSecretEncoding } from './providers/polar.js';
export type { PostmarkOptions } from './providers/postmark.js';
export type {
  EcdsaSignatureForm,
  PublicKeySchemeOptions,
} from './providers/public-key-scheme.js';
export type { RazorpayOptions } from './providers/razorpay.js';
export type { ResendOptions } from './providers/resend.js';
export type {
  SaltedHashOptions,
  SaltedHashPart,
  SaltedHashSignature,
  SaltedHashSignInput,
} from './providers/salted-hash.js';
export type { SendgridOptions } from './providers/sendgrid.js';
export type { SentryOptions } from './providers/sentry.js';
export type { SharedTokenOptions, SharedTokenSignInput } from './providers/shared-token.js';
export type { ShopifyOptions } from './providers/shopify.js';
export type { SlackOptions } from './providers/slack.js';
export type { SmileIdOptions, SmileIdSignature, SmileIdSignInput } from './providers/smile-id.js';
export type { SquareOptions } from './providers/square.js';
export type {
  StandardWebhooksOptions,
  StandardWebhooksPublicKeyOptions,
} from './providers/standard-webhooks.js';
export type { StripeOptions } from './providers/stripe.js';
export type { TelegramOptions } from './providers/telegram.js';
export type { TelnyxOptions } from './providers/telnyx.js';
export type { TwilioOptions, TwilioSignedRequest, TwilioSignInput } from './providers/twilio.js';
export type { TwitchOptions } from './providers/twitch.js';
export type { TypeformOptions } from './providers/typeform.js';
export type { UicheckOptions, UicheckSignInput } from './providers/uicheck.js';
export type { VercelOptions } from './providers/vercel.js';
export type { WoocommerceOptions } from './providers/woocommerce.js';
export type { WorkosOptions } from './providers/workos.js';
export type { XenditOptions } from './providers/xendit.js';
export type { XeroOptions } from './providers/xero.js';
export type { ZoomOptions } from './providers/zoom.js';
export type { MemoryReplayStoreOptions } from './replay/memory-replay-store.js';
export type { ReplayClaim } from './replay/replay-claim.js';
export type { ReplayOptions, ReplayPolicy } from './replay/replay-policy.js';
export type { ClaimResult, ReplayStore } from './replay/replay-store.js';
export type { MaybePromise } from './replay/store-call.js';
export type { ExpectationRequest } from './request/check-expectation.js';
export type { ClientErrorSocket } from './request/client-error.js';
export type { FrameworkErrorReply } from './request/framework-error.js';
export type { WebhookHeaders } from './request/headers.js';
export type { WebhookRequest } from './request/incoming-webhook.js';
export type { MediaType } from './request/media-type.js';
export type { HostRequest } from './request/require-host.js';
export type { ErrorResponseWriter } from './request/write-error-response.js';
export type { SigningScheme, WebhookScheme } from './scheme.js';
export type { SignOptions } from './sign.js';
export type { SignedHttpRequest } from './signed-request.js';
export type {
  HandshakeMode,
  VerifiedWebhook,
  VerifyOptions,
  WebhookOutcome,
} from './verify.js';
