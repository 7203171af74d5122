import { DEMO_RSA_PRIVATE_KEY, demoCertificateAt } from '../../catalog/demo-keys.js';
import type { ProviderDefinition } from '../../catalog/provider-entry.js';
import { bodyText } from '../../catalog/sign-inputs.js';
import { encodeDigest } from '../../crypto/encoding.js';
import { decodePlain } from '../../crypto/signature-forms.js';
import { WebhookVerificationError } from '../../errors.js';
import { type CertificateFetchOptions, rsaCertificates } from '../../keys/certificate-key.js';
import { privateKeyFrom } from '../../keys/public-key-forms.js';
import { defineWebhookScheme, resolveReplayTtl, type WebhookScheme } from '../../scheme.js';
import type { SignedHttpRequest } from '../../signed-request.js';
import { resolveTolerance } from '../../time/timestamps.js';
import { subscriptionConfirmation } from './confirm-subscription.js';
import {
  type AwsSnsMessage,
  type AwsSnsMessageType,
  type AwsSnsSignatureVersion,
  readSnsMessage,
  SIGNATURE_ALGORITHMS,
  signedFieldsOf,
  snsStringToSign,
} from './sns-message.js';

/** Options for {@link awsSns}. */
export interface AwsSnsOptions extends CertificateFetchOptions {
  /**
   * The topic (or topics) this route takes messages from, as full ARNs
   * (`arn:aws:sns:us-east-1:123456789012:orders`). Required: AWS signs every topic's
   * messages with the same certificates, so a message from anyone else's topic verifies
   * too; it is refused with `unexpected_sender` (403), and never confirmed.
   */
  readonly topicArn: string | readonly string[];
  /**
   * The `SignatureVersion`s this route accepts; default `['1', '2']`, what SNS sends (a
   * topic signs with 1, SHA1withRSA, unless its `SignatureVersion` attribute is set to 2,
   * SHA256withRSA). Once your topics sign with 2, set `['2']`: a message of another version
   * is then `invalid_signature` before anything is fetched.
   */
  readonly signatureVersions?: readonly AwsSnsSignatureVersion[];
  /**
   * Confirm subscriptions: answer a verified `SubscriptionConfirmation` for one of the
   * route's topics by GETting its signed `SubscribeURL`, then an empty 200; the handler
   * never sees it. Default false: the confirmation is handed to the handler like any
   * message, and you confirm it yourself (or in the SNS console).
   */
  readonly confirmSubscription?: boolean;
  /**
   * Seconds of skew allowed each way on the signed `Timestamp`; default 3900 (SNS retries an
   * HTTP/S delivery for at most 3600 s, plus 300 s of clock skew), `false` disables.
   */
  readonly tolerance?: number | false;
  /** Seconds a replay store remembers a `MessageId`; default twice the tolerance. */
  readonly replayTtl?: number;
  /** Only for `sign` (tests): an RSA private key, PKCS#8 DER in base64. */
  readonly privateKey?: string;
  /** Only for `sign`: the `SigningCertURL` to send, where the matching certificate is served. */
  readonly signingCertUrl?: string;
}

/** What {@link awsSns}'s `sign` takes: the message's fields; the rest is filled in. */
export interface AwsSnsSignInput {
  /** Default `Notification`. */
  readonly type?: AwsSnsMessageType;
  /** The published message, as text. */
  readonly message: string;
  /** Notifications only; left out when absent. */
  readonly subject?: string;
  /** Default the route's first topic. */
  readonly topicArn?: string;
  /** Default a random UUID. */
  readonly messageId?: string;
  /** Epoch ms; default now. */
  readonly timestamp?: number;
  /** Confirmations: the token; default a random one. */
  readonly token?: string;
  /** Confirmations: default SNS's `ConfirmSubscription` URL for the topic and token. */
  readonly subscribeUrl?: string;
  /** Default `2` when the route accepts it, else `1`. */
  readonly signatureVersion?: AwsSnsSignatureVersion;
}

const NAME = 'aws-sns';
/** SNS's hosts, in every region: where certificates are served and subscriptions confirmed. */
export const AWS_SNS_HOSTS = [
  'sns.{aws-region}.amazonaws.com',
  'sns.{aws-region}.amazonaws.com.cn',
] as const;
/** SNS retries an HTTP/S delivery for at most 3600 s (a hard limit), plus 300 s of skew. */
const DEFAULT_TOLERANCE_SECONDS = 3600 + 300;
const VERSIONS: readonly AwsSnsSignatureVersion[] = ['1', '2'];
const SIGNATURE_TYPES: Readonly<Record<AwsSnsMessageType, true>> = {
  Notification: true,
  SubscriptionConfirmation: true,
  UnsubscribeConfirmation: true,
};
// arn:<partition>:sns:<region>:<account>:<name>, a FIFO topic's name ending in .fifo.
const TOPIC_ARN = /^arn:aws(?:-[a-z]+)*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(?:\.fifo)?$/;

function settleTopics(topicArn: unknown): ReadonlySet<string> {
  const list = typeof topicArn === 'string' ? [topicArn] : topicArn;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    !list.every((arn) => typeof arn === 'string' && TOPIC_ARN.test(arn))
  ) {
    throw new TypeError(
      `[hookguard] ${NAME}: topicArn must be the topic's ARN (arn:aws:sns:<region>:<account>:<name>), or a list of them: AWS signs every topic's messages alike, so the topic is what says a message is yours.`,
    );
  }
  return new Set(list as string[]);
}

function settleVersions(versions: unknown): ReadonlySet<AwsSnsSignatureVersion> {
  if (versions === undefined) return new Set(VERSIONS);
  if (
    !Array.isArray(versions) ||
    versions.length === 0 ||
    !versions.every((version) => VERSIONS.includes(version))
  ) {
    throw new TypeError(
      `[hookguard] ${NAME}: signatureVersions must list '1' (SHA1withRSA) and/or '2' (SHA256withRSA).`,
    );
  }
  return new Set(versions as AwsSnsSignatureVersion[]);
}

/** SNS's own confirmation URL for a topic, for `sign`. */
function confirmationUrl(topicArn: string, token: string): string {
  const [, partition, , region] = topicArn.split(':');
  const domain = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  const query = new URLSearchParams({
    Action: 'ConfirmSubscription',
    TopicArn: topicArn,
    Token: token,
  });
  return `https://sns.${region}.${domain}/?${query.toString().replace(/%3A/g, ':')}`;
}

/**
 * AWS SNS, HTTP/S subscriptions: the JSON envelope SNS posts (as `text/plain`, or
 * `application/json` when the delivery policy says so), whose `Signature` is the base64
 * RSA PKCS#1 v1.5 signature, SHA-1 (`SignatureVersion` 1) or SHA-256 (2), of `Name\nvalue\n`
 * for each signed field in byte order of their names (a notification: `Message`,
 * `MessageId`, `Subject` if present, `Timestamp`, `TopicArn`, `Type`; a confirmation:
 * `Message`, `MessageId`, `SubscribeURL`, `Timestamp`, `Token`, `TopicArn`, `Type`), under
 * the key of the certificate at `SigningCertURL`.
 *
 * - The certificate is fetched only from `https://sns.<region>.amazonaws.com[.cn]/….pem`
 *   (anything else is `untrusted_key_url`, 401, and never fetched), must hold an RSA key
 *   valid at the request's time, and is cached until it expires.
 * - The message must come from one of `topicArn`: any AWS account can subscribe your URL to
 *   its own topic and get correctly signed messages sent to it (`unexpected_sender`, 403).
 * - Replays are keyed on the signed `MessageId`, which SNS keeps when it retries.
 * - A `SubscriptionConfirmation` is handed to the handler like any message, unless
 *   `confirmSubscription: true`: then hookguard GETs its signed `SubscribeURL` and answers
 *   200 itself (`handshake_failed`, 503, when the GET fails: SNS retries).
 * - Raw message delivery must be off: SNS signs only the envelope. `MessageAttributes` and
 *   `UnsubscribeURL` are not signed.
 *
 * Checked against messages AWS signed, with their certificate, from the AWS SDK for Java
 * v2's `SnsMessageManager` tests, and against `sns-validator` both ways.
 *
 * @example
 * ```ts
 * const scheme = awsSns({ topicArn: 'arn:aws:sns:us-east-1:123456789012:orders', confirmSubscription: true });
 * ```
 */
export function awsSns(
  options: AwsSnsOptions,
): WebhookScheme<AwsSnsMessage, AwsSnsSignInput, SignedHttpRequest> {
  const topics = settleTopics((options ?? ({} as AwsSnsOptions)).topicArn);
  const versions = settleVersions(options.signatureVersions);
  const tolerance = resolveTolerance(options.tolerance ?? DEFAULT_TOLERANCE_SECONDS, NAME);
  const privateKey =
    options.privateKey === undefined
      ? undefined
      : privateKeyFrom(options.privateKey, 'rsa-pkcs1-sha256', 'spki-base64');
  // sns-validator and AWS's PHP validator take only a path ending in .pem; no query or
  // fragment either, so what is checked is what is fetched.
  const { policy, certificates } = rsaCertificates(
    NAME,
    AWS_SNS_HOSTS,
    options,
    (url) => /^\/[^?#]*\.pem$/.test(url.slice(url.indexOf('/', 'https://'.length))),
    'SigningCertURL must be a .pem certificate on https://sns.<region>.amazonaws.com (or .amazonaws.com.cn), with no query; it is not fetched.',
  );
  return defineWebhookScheme<AwsSnsMessage, AwsSnsSignInput, SignedHttpRequest>({
    name: NAME,
    provider: NAME,
    mediaType: 'json-text',
    algorithm: 'rsa-pkcs1-sha256',
    keys: [],
    privateKey,
    tolerance,
    replayBy: 'message',
    replayTtlSeconds: resolveReplayTtl(tolerance, options.replayTtl, NAME),
    signatureFormat: 'base64',
    handshakes: options.confirmSubscription === true ? [subscriptionConfirmation(policy)] : [],
    keysFor: (parts, nowMs) => [certificates.keyFor(parts.keyId as string, nowMs)],
    read(request) {
      const sns = readSnsMessage(request);
      const version = sns.signatureVersion;
      if (typeof version !== 'string' || !versions.has(version as AwsSnsSignatureVersion)) {
        throw new WebhookVerificationError(
          'invalid_signature',
          `SignatureVersion ${JSON.stringify(String(version).slice(0, 20))} is not one this route accepts (${[...versions].join(', ')}); nothing was fetched. A topic signs with 1 unless its SignatureVersion attribute is 2: list both in signatureVersions, or set the attribute.`,
          { provider: NAME },
        );
      }
      // Checked before the certificate is looked up: an unsigned message costs no fetch.
      for (const [field, value] of [
        ['Signature', sns.signature],
        ['SigningCertURL', sns.signingCertUrl],
      ] as const) {
        if (value === undefined) {
          throw new WebhookVerificationError(
            'missing_signature',
            `the ${field} field of the SNS message is missing.`,
            { provider: NAME },
          );
        }
      }
      const messageId = sns.fields.find(([name]) => name === 'MessageId')?.[1] as string;
      return {
        signatures: [sns.signature as string],
        signatureSource: 'the Signature field of the SNS message',
        algorithm: SIGNATURE_ALGORITHMS[version as AwsSnsSignatureVersion],
        keyId: sns.signingCertUrl as string,
        timestamp: sns.timestamp,
        deliveryId: messageId,
        message: snsStringToSign(sns.fields),
        mismatchHint:
          'SNS signs the fields as JSON-decoded text: check that the body reaches the verifier exactly as posted (a text/plain body parser changes nothing, a JSON one does), and that raw message delivery is off.',
        payload: () => {
          const topic = sns.envelope.TopicArn as string;
          if (!topics.has(topic)) {
            throw new WebhookVerificationError(
              'unexpected_sender',
              `the message is signed by AWS but comes from the topic ${JSON.stringify(topic.slice(0, 300))}, which is not one of this route's topicArn. Anyone can subscribe a URL to a topic of their own; if this topic is yours, add its ARN to topicArn.`,
              { provider: NAME },
            );
          }
          return sns.envelope as unknown as AwsSnsMessage;
        },
      };
    },
    decode: decodePlain('base64'),
    encode: () => [],
    sign(input, context) {
      if (options.signingCertUrl === undefined)
        throw new TypeError(
          `[hookguard] ${NAME}: sign needs signingCertUrl, where the certificate is served.`,
        );
      const type = input?.type ?? 'Notification';
      if (!Object.hasOwn(SIGNATURE_TYPES, type))
        throw new TypeError(
          `[hookguard] ${NAME}: sign's type must be Notification, SubscriptionConfirmation or UnsubscribeConfirmation.`,
        );
      const topicArn = input?.topicArn ?? (topics.values().next().value as string);
      const version = input?.signatureVersion ?? (versions.has('2') ? '2' : '1');
      const messageId = input?.messageId ?? context.randomUUID();
      const timestamp = new Date(input?.timestamp ?? context.now).toISOString();
      const notification = type === 'Notification';
      const token = notification
        ? undefined
        : (input?.token ?? context.randomUUID().replace(/-/g, ''));
      const subscribeUrl =
        token === undefined ? undefined : (input?.subscribeUrl ?? confirmationUrl(topicArn, token));
      const values = {
        Type: type,
        MessageId: messageId,
        Token: token,
        TopicArn: topicArn,
        Subject: notification ? input?.subject : undefined,
        Message: String(input?.message ?? ''),
        SubscribeURL: subscribeUrl,
        Timestamp: timestamp,
      };
      const signature = context.signature(
        snsStringToSign(signedFieldsOf(type, values)),
        SIGNATURE_ALGORITHMS[version],
      );
      const body = {
        ...values,
        SignatureVersion: version,
        Signature: encodeDigest(signature, 'base64'),
        SigningCertURL: options.signingCertUrl,
      };
      return {
        headers: {
          'content-type': 'text/plain; charset=UTF-8',
          'x-amz-sns-message-type': type,
          'x-amz-sns-message-id': messageId,
          'x-amz-sns-topic-arn': topicArn,
        },
        // JSON.stringify leaves out the fields that are undefined (a notification's Token).
        body: JSON.stringify(body),
      };
    },
  });
}

/** Where the demo's certificate is served: an SNS host, as AWS names its certificates. */
const DEMO_CERT_URL =
  'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-hookguard-demo.pem';

/** AWS SNS in the list of providers: its certificate served by the demo's key server. */
export const AWS_SNS_PROVIDER = {
  id: NAME,
  title: 'Amazon SNS HTTP/S subscriptions',
  vendor: NAME,
  family: 'fetched-key',
  docs: 'https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html',
  verifies: true,
  mediaType: 'json-text',
  timestamped: true,
  settings: [
    {
      option: 'topicArn',
      env: 'AWS_SNS_TOPIC_ARN',
      secret: false,
      flag: '--topic-arn',
      format: 'list',
      description: 'the ARN of each topic this route takes messages from',
      demo: 'arn:aws:sns:us-east-1:123456789012:hookguard-demo',
    },
    {
      option: 'privateKey',
      env: 'AWS_SNS_PRIVATE_KEY',
      secret: true,
      format: 'text',
      description: 'an RSA private key (PKCS#8 DER, base64), only to sign test messages',
      demo: DEMO_RSA_PRIVATE_KEY,
    },
    {
      option: 'signingCertUrl',
      env: 'AWS_SNS_SIGNING_CERT_URL',
      secret: false,
      flag: '--signing-cert-url',
      format: 'text',
      description: "where the private key's certificate is served, only to sign test messages",
      demo: DEMO_CERT_URL,
    },
  ],
  factory: awsSns,
  route: '/webhooks/aws-sns',
  sample: (now) => ({
    message: JSON.stringify({ order: `order_${now}`, amount: 100 }),
    subject: 'order paid',
    messageId: `hookguard-demo-${now}`,
    timestamp: now,
  }),
  // The CLI's body is the message SNS delivers.
  signInput: (body) => ({ message: bodyText(body) }),
  demoKeys: demoCertificateAt(DEMO_CERT_URL),
  checkedAgainst: {
    vector:
      "messages AWS signed, with their certificate, in the AWS SDK for Java v2's SnsMessageManager tests",
    sdk: { package: 'sns-validator', functions: ['MessageValidator.validate'] },
  },
} as const satisfies ProviderDefinition;
