import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { encodeDigest } from '../crypto/encoding.js';
import type { MessagePart } from '../crypto/hmac.js';
import { decodePlain, encodePlain } from '../crypto/signature-forms.js';
import { WebhookVerificationError } from '../errors.js';
import { keysFromSecrets, type SecretInput } from '../keys/key-ring.js';
import { defineWebhookScheme, resolveReplayTtl, type WebhookScheme } from '../scheme.js';
import { isoWithZone, resolveTolerance } from '../time/timestamps.js';
import { signatureList } from './read-helpers.js';

const NAME = 'smile-id';
const SUFFIX = 'sid_request';

/** Options for {@link smileId}. */
export interface SmileIdOptions {
  /** Your partner id, as a string: leading zeros matter (`"085"` is not `"85"`). */
  readonly partnerId: string;
  /** The API key (the HMAC key); a list while rotating, newest first. */
  readonly apiKey: SecretInput;
  /** Seconds of skew allowed each way on the ISO timestamp; default 300, `false` disables. */
  readonly tolerance?: number | false;
  /** Seconds a replay store remembers a delivery; default and minimum twice the tolerance. */
  readonly replayTtl?: number;
}

/** Input to `sign` for {@link smileId}. */
export interface SmileIdSignInput {
  /** The timestamp to sign, sent as is; default now as ISO-8601 UTC with milliseconds. */
  readonly timestamp?: string;
}

/** What Smile ID expects in a request body (and sends in a callback). */
export interface SmileIdSignature {
  readonly signature: string;
  readonly timestamp: string;
}

function smileMessage(timestamp: string, partnerId: string): MessagePart[] {
  return [
    { label: 'timestamp', value: timestamp },
    { label: 'partner_id', value: partnerId },
    { label: 'literal', value: SUFFIX },
  ];
}

function stringField(
  body: Record<string, unknown>,
  name: string,
  provider: string,
): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new WebhookVerificationError(
      'malformed_request',
      `the ${name} field of the body must be a string.`,
      {
        provider,
      },
    );
  }
  return value;
}

/**
 * Smile ID callbacks and job-status responses (also signs outgoing API requests):
 * `signature = base64(HMAC-SHA256(api key, timestamp + partner_id + "sid_request"))`, with
 * `timestamp` and `signature` as top-level fields of the JSON body. The received timestamp
 * text is signed byte for byte, never re-formatted.
 *
 * **The body is not covered by the signature**: a captured (timestamp, signature) pair
 * verifies with any body. hookguard therefore keeps the tolerance on and deduplicates on
 * the pair; before acting on money, confirm the result through Smile ID's job-status API.
 *
 * @example
 * ```ts
 * const scheme = smileId({ partnerId: '085', apiKey: process.env.SMILE_ID_API_KEY! });
 * const { signature, timestamp } = sign(scheme, {}); // for a request to Smile ID
 * ```
 */
export function smileId<TPayload extends object = Record<string, unknown>>(
  options: SmileIdOptions,
): WebhookScheme<TPayload, SmileIdSignInput, SmileIdSignature> {
  const { partnerId } = options;
  if (typeof partnerId !== 'string' || partnerId === '') {
    throw new TypeError(
      `[hookguard] ${NAME}: partnerId must be a non-empty string (keep leading zeros: "085" is not "85").`,
    );
  }
  const tolerance = resolveTolerance(options.tolerance, NAME);
  return defineWebhookScheme<TPayload, SmileIdSignInput, SmileIdSignature>({
    name: NAME,
    provider: 'smile-id',
    mediaType: 'json',
    algorithm: 'sha256',
    keys: keysFromSecrets(options.apiKey, 'apiKey', NAME),
    tolerance,
    // The body is unsigned: the digest, which covers the timestamp, is the delivery's identity.
    replayBy: 'digest',
    replayTtlSeconds: resolveReplayTtl(tolerance, options.replayTtl, NAME),
    signatureFormat: 'base64',
    read(request) {
      const body = request.jsonObject();
      const signature = stringField(body, 'signature', NAME);
      const timestamp = stringField(body, 'timestamp', NAME);
      if (timestamp === undefined || timestamp === '') {
        throw new WebhookVerificationError(
          'missing_signature',
          'the timestamp field of the body is missing.',
          {
            provider: NAME,
          },
        );
      }
      return {
        signatures: signatureList(signature),
        signatureSource: 'the signature field of the body',
        timestamp: isoWithZone(timestamp),
        message: smileMessage(timestamp, partnerId),
        payload: () => body as TPayload,
      };
    },
    decode: decodePlain('base64'),
    encode: encodePlain('base64', 'sha256'),
    sign(input, context) {
      const timestamp = input.timestamp ?? new Date(context.now).toISOString();
      const digest = context.digest(smileMessage(timestamp, partnerId), context.key());
      return { signature: encodeDigest(digest, 'base64'), timestamp };
    },
  });
}

/** Smile ID in the list of providers. */
export const SMILE_ID_PROVIDER = {
  id: NAME,
  title: 'Smile ID callbacks',
  vendor: 'smile-id',
  family: 'hmac',
  docs: 'https://docs.usesmileid.com/',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'apiKey',
      env: 'SMILE_ID_API_KEY',
      secret: true,
      format: 'list',
      description: 'API key',
      demo: 'demo-smile-id-api-key',
    },
    {
      option: 'partnerId',
      env: 'SMILE_ID_PARTNER_ID',
      secret: false,
      flag: '--partner-id',
      format: 'text',
      description: 'partner id (keep leading zeros)',
      demo: '085',
    },
  ],
  factory: smileId,
  route: '/webhooks/smile-id',
  // The pair goes into the JSON body: the body itself is not signed.
  sample: (now) => ({ timestamp: new Date(now).toISOString() }),
  signInput: () => ({}),
  checkedAgainst: {
    vector: 'the specification',
    sdk: { package: 'smile-identity-core', functions: ['generate_signature', 'confirm_signature'] },
  },
} as const satisfies ProviderDefinition;
