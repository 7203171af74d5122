import { platform } from '#platform';
import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import { constantTimeEqual } from '../crypto/constant-time-equal.js';
import { utf8Text } from '../crypto/encoding.js';
import { WebhookVerificationError } from '../errors.js';
import { headerChallenge } from '../handshake/flows.js';
import { type HandshakeRequest, jsonReply } from '../handshake/handshake.js';
import { type Key, keysFromSecrets, type SecretInput } from '../keys/key-ring.js';
import { defineWebhookScheme, resolveReplayTtl, type WebhookScheme } from '../scheme.js';
import { bodyToSend, type SignedHttpRequest } from '../signed-request.js';
import { signatureList } from './read-helpers.js';

const NAME = 'okta';
const DEFAULT_HEADER = 'authorization';
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** Options for {@link okta}. */
export interface OktaOptions {
  /**
   * The event hook's Authentication secret, exactly as entered in Okta (with its scheme,
   * such as `Basic …`, if you typed one); a list while rotating.
   */
  readonly secret: SecretInput;
  /** The event hook's Authentication field, the header Okta puts the secret in; default `Authorization`. */
  readonly header?: string;
  /**
   * Whether the one-time verification GET must carry the secret too; default `true`.
   * Okta sends the configured header with every call to the hook, the verification
   * included (Okta's own sample service checks it on every route), so requiring it is the
   * safe reading: without it anyone could verify an endpoint for your org. Set `false` only
   * if your Okta org verifies without it.
   */
  readonly secretOnVerification?: boolean;
  /** Seconds a replay store remembers a body (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/** Input to `sign` for {@link okta}. */
export interface OktaSignInput {
  /** Text or bytes sent as they are, any other value as JSON. */
  readonly body?: unknown;
}

/** Whether the request's secret header holds one of the configured secrets, in constant time. */
function holdsSecret(received: string | undefined, keys: readonly Key[]): boolean {
  const bytes = platform.utf8(received ?? '');
  let matched = false;
  // Every key is compared, so the time taken does not say which one matched.
  for (const key of keys) matched = constantTimeEqual(bytes, key.bytes) || matched;
  return matched;
}

/**
 * Okta's one-time verification (developer.okta.com/docs/concepts/event-hooks, "One-time
 * verification request"): a GET with `X-Okta-Verification-Challenge`, answered
 * `{"verification": <the value>}`. Refused with `handshake_refused` (403) when the secret
 * header is required and does not match.
 */
function oktaVerification(header: string, keys: readonly Key[], needsSecret: boolean) {
  return headerChallenge({
    name: 'okta.verification',
    arrives: `GET with X-Okta-Verification-Challenge${needsSecret ? ` and the ${header} header` : ''} (not signed)`,
    header: 'x-okta-verification-challenge',
    methods: ['GET'],
    reply(challenge: string, request: HandshakeRequest) {
      if (needsSecret && !holdsSecret(request.header(header), keys)) {
        throw new WebhookVerificationError(
          'handshake_refused',
          `the ${header} header of okta.verification does not hold the configured secret.`,
          { provider: request.provider },
        );
      }
      return jsonReply({ verification: challenge });
    },
  });
}

/**
 * Okta event hooks: each call carries the hook's Authentication secret, as is, in the
 * header you named (default `Authorization`). It is not an HMAC: it proves the sender knows
 * the secret, and **the body is not covered**, so anyone who sees one call can send any body
 * with it. hookguard compares it in constant time (every configured secret, so rotation is
 * seamless), never shows it, and deduplicates on the SHA-256 of the body (Okta retries a
 * failed call once, with the same body): deduplication, not replay protection. Fetch the
 * event from the System Log API before acting on it where that matters. The one-time
 * verification GET is answered by the adapters. Built like `flutterwave` (a shared secret
 * compared as is); checked against independent vectors (Okta's SDK verifies nothing).
 *
 * @example
 * ```ts
 * const scheme = okta({ secret: process.env.OKTA_EVENT_HOOK_SECRET! });
 * ```
 */
export function okta<TPayload = unknown>(
  options: OktaOptions,
): WebhookScheme<TPayload, OktaSignInput, SignedHttpRequest> {
  const header = options.header ?? DEFAULT_HEADER;
  if (typeof header !== 'string' || !HEADER_NAME.test(header)) {
    throw new TypeError(
      '[hookguard] okta: header must be an HTTP header name, such as "Authorization".',
    );
  }
  const headerName = header.toLowerCase();
  const keys = keysFromSecrets(options.secret, 'secret', NAME);
  const needsSecret = options.secretOnVerification ?? true;
  return defineWebhookScheme<TPayload, OktaSignInput, SignedHttpRequest>({
    name: NAME,
    provider: NAME,
    mediaType: 'json',
    algorithm: 'sha256',
    algorithmLabel: 'secret compared as is (no HMAC)',
    keys,
    tolerance: false,
    // Nothing is signed, so the exact body is all that tells calls apart: deduplication only.
    replayBy: 'body',
    replayTtlSeconds: resolveReplayTtl(false, options.replayTtl, NAME),
    signatureFormat: 'the event hook secret',
    signatureIsSecret: true,
    handshakes: [oktaVerification(headerName, keys, needsSecret)],
    digest: (key) => key.bytes,
    read(request) {
      return {
        signatures: signatureList(request.header(headerName)),
        signatureSource: `the ${headerName} header`,
        message: [],
        payload: () => request.json() as TPayload,
      };
    },
    decode: (text) => [{ bytes: platform.utf8(text), form: 'text' }],
    encode: () => [{ form: 'the configured secret', steps: [] }],
    sign(input, context) {
      return {
        headers: {
          'content-type': 'application/json',
          [headerName]: utf8Text(context.key().bytes),
        },
        body: bodyToSend(input?.body),
      };
    },
  });
}

/** Okta event hooks in the list of providers. */
export const OKTA_PROVIDER = {
  id: 'okta',
  title: 'Okta event hooks',
  vendor: 'okta',
  family: 'shared-token',
  docs: 'https://developer.okta.com/docs/concepts/event-hooks/',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'secret',
      env: 'OKTA_EVENT_HOOK_SECRET',
      secret: true,
      format: 'list',
      description: 'event hook authentication secret',
      demo: 'demo-okta-event-hook-secret',
    },
  ],
  factory: okta,
  route: '/webhooks/okta',
  sample: (now) => ({
    body: {
      eventType: 'com.okta.event_hook',
      eventTypeVersion: '1.0',
      cloudEventsVersion: '0.1',
      source: 'https://demo.okta.com/api/v1/eventHooks/whoql0HfiLGPWc8Jx0g3',
      eventId: `evt_okta_${now}`,
      data: {
        events: [
          {
            eventType: 'user.lifecycle.create',
            published: new Date(now).toISOString(),
            target: [{ id: '00u1001', type: 'User' }],
          },
        ],
      },
      eventTime: new Date(now).toISOString(),
      contentType: 'application/json',
    },
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    none: 'Okta publishes no Node verifier and no example request.',
    vector: 'independent vectors',
  },
} as const satisfies ProviderDefinition;
