import { platform } from '#platform';
import { DEMO_P256_PRIVATE_KEY, DEMO_P256_PUBLIC_POINT } from '../../catalog/demo-keys.js';
import type { ProviderDefinition } from '../../catalog/provider-entry.js';
import { jsonSignInput } from '../../catalog/sign-inputs.js';
import { type CompactJws, readCompactJws } from '../../crypto/compact-jws.js';
import { constantTimeEqual } from '../../crypto/constant-time-equal.js';
import { decodeBase64Url, encodeDigest } from '../../crypto/encoding.js';
import { sha256Hex } from '../../crypto/sha256.js';
import { WebhookVerificationError } from '../../errors.js';
import { FetchedKeys } from '../../keys/fetched-keys.js';
import { type FetchFunction, keyFetchPolicy } from '../../keys/key-fetch.js';
import { privateKeyFrom } from '../../keys/public-key-forms.js';
import type { IncomingWebhook } from '../../request/incoming-webhook.js';
import { defineWebhookScheme, resolveReplayTtl, type WebhookScheme } from '../../scheme.js';
import { bodyToSend, type SignedHttpRequest } from '../../signed-request.js';
import { type ReceivedTimestamp, resolveTolerance } from '../../time/timestamps.js';
import { type HmacSignInput, payloadOf } from '../hmac.js';
import { plaidVerificationKey } from './verification-key.js';

/** The Plaid environment whose keys verify the webhooks: its API host serves them. */
export type PlaidEnvironment = 'production' | 'sandbox';

/** Options for {@link plaid}. */
export interface PlaidOptions {
  /** Your Plaid API `client_id`, sent with each key request (never shown in a message). */
  readonly clientId: string;
  /**
   * Your Plaid API `secret` for this environment, sent only in the body of the POST to
   * `/webhook_verification_key/get` and never shown in an error, a log line or `explain`.
   */
  readonly secret: string;
  /**
   * Which Plaid host keys are fetched from: `production` (`production.plaid.com`) or
   * `sandbox` (`sandbox.plaid.com`). Required: the configuration chooses the host, never
   * the request, and each environment has its own secret.
   */
  readonly environment: PlaidEnvironment;
  /**
   * Seconds of skew allowed each way on the JWT's `iat`; default 300 (Plaid's "not more than
   * 5 minutes old"), `false` disables.
   */
  readonly tolerance?: number | false;
  /** Seconds a replay store remembers a delivery; default twice the tolerance. */
  readonly replayTtl?: number;
  /** The `fetch` keys are fetched with (a proxy, tests); default `globalThis.fetch`. */
  readonly fetch?: FetchFunction;
  /** Milliseconds a key fetch may take, headers and body; default 5000. */
  readonly keyFetchTimeout?: number;
  /** Keys fetched in any minute, at most; default 10. */
  readonly maxKeyFetchesPerMinute?: number;
  /** Only for `sign` (tests, the CLI): a P-256 private key, PKCS#8 DER in base64. */
  readonly privateKey?: string;
  /** Only for `sign`: the `kid` the JWT names, whose key your test server answers. */
  readonly kid?: string;
}

const NAME = 'plaid';
const ENVIRONMENTS: readonly PlaidEnvironment[] = ['production', 'sandbox'];
const KEY_PATH = '/webhook_verification_key/get';
const HEADER = 'plaid-verification';
const ALGORITHM = 'ES256';
/** Plaid's JWTs are about 350 characters; a header this long is not one. */
const MAX_JWT_LENGTH = 4096;
/** Plaid's kids are UUIDs; this is what may be sent back to Plaid as `key_id`, and no more. */
const KID = /^[A-Za-z0-9._:-]{1,128}$/;
/** An ES256 signature in a JWS is `r ‖ s`, 32 bytes each (RFC 7518 §3.4). */
const ES256_SIGNATURE_BYTES = 64;
const UNPADDED_BASE64URL = /^[A-Za-z0-9_-]+$/;

function invalid(message: string): WebhookVerificationError {
  return new WebhookVerificationError('invalid_signature', message, { provider: NAME });
}

/** The JWT's `iat` (RFC 7519 NumericDate: seconds, a fraction allowed) as the signed timestamp. */
function issuedAt(iat: unknown): ReceivedTimestamp {
  const ms = typeof iat === 'number' && iat >= 0 ? Math.round(iat * 1000) : Number.NaN;
  return {
    raw: iat === undefined ? '(no iat claim)' : JSON.stringify(iat).slice(0, 64),
    ms: Number.isSafeInteger(ms) ? ms : undefined,
    format: 'iat claim (seconds since the epoch)',
  };
}

/** The JWS signature as ES256's `r ‖ s`; empty when it is not 64 bytes of unpadded base64url. */
function decodeSignature(text: string) {
  const bytes = UNPADDED_BASE64URL.test(text) ? decodeBase64Url(text) : undefined;
  return bytes?.length === ES256_SIGNATURE_BYTES
    ? [{ bytes, form: 'base64url r ‖ s (JWS ES256)' }]
    : [];
}

/**
 * The header checks Plaid asks for before anything is fetched (alg ES256, a kid), and a
 * signature of the right form: a JWT that fails them never costs a key request.
 */
function readJwt(token: string): CompactJws & { readonly kid: string } {
  if (token.length > MAX_JWT_LENGTH)
    throw invalid(
      `the Plaid-Verification header is ${token.length} characters; a Plaid JWT is far shorter.`,
    );
  const jws = readCompactJws(token);
  if (typeof jws === 'string') throw invalid(`the Plaid-Verification header is not a JWT: ${jws}.`);
  const { alg, kid } = jws.header;
  if (alg !== ALGORITHM) {
    const shown = typeof alg === 'string' ? JSON.stringify(alg.slice(0, 20)) : 'missing';
    throw invalid(
      `the Plaid-Verification JWT's alg is ${shown}; Plaid signs with ${ALGORITHM}, the only algorithm accepted (nothing was fetched).`,
    );
  }
  if (typeof kid !== 'string' || !KID.test(kid))
    throw invalid(
      "the Plaid-Verification JWT's header has no kid naming a Plaid key (nothing was fetched).",
    );
  if (decodeSignature(jws.encodedSignature).length === 0)
    throw invalid(
      `the Plaid-Verification JWT's signature is not the ${ES256_SIGNATURE_BYTES} bytes of an ES256 r ‖ s in base64url (nothing was fetched).`,
    );
  return { ...jws, kid };
}

/**
 * Plaid signs the body only through the verified JWT's `request_body_sha256`: the hex
 * SHA-256 of the body as sent, compared in constant time as Plaid's samples do. Checked when
 * the payload is taken, which the pipeline does only after the signature and `iat` passed
 * and before anything is handed out or claimed in a replay store.
 */
function checkBodyHash(request: IncomingWebhook, claims: CompactJws['claims']): void {
  const claimed = claims.request_body_sha256;
  const expected = platform.utf8(sha256Hex(request.body));
  if (typeof claimed !== 'string')
    throw invalid('the verified Plaid-Verification JWT has no request_body_sha256 claim.');
  if (!constantTimeEqual(expected, platform.utf8(claimed)))
    throw invalid(
      "the body's SHA-256 is not the request_body_sha256 claim of the verified Plaid-Verification JWT: the body was changed. Check that the verifier gets the body exactly as received (no body parser or JSON re-serialisation before it); Plaid hashes it as sent, indented with 2 spaces.",
    );
}

const base64urlJson = (value: unknown) =>
  platform.toBase64(platform.utf8(JSON.stringify(value)), true);

function requiredString(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new TypeError(
      `[hookguard] ${NAME}: ${option} is required, as the Plaid Dashboard shows it (Developers > Keys).`,
    );
  return value;
}

/**
 * Plaid webhooks: `Plaid-Verification` is a JWT (compact JWS) signed ES256 by a key Plaid
 * names by `kid`; its claims are `iat` and `request_body_sha256`, the hex SHA-256 of the
 * body (plaid.com/docs/api/webhooks/webhook-verification). hookguard:
 *
 * 1. reads the JWT's header without trusting it and refuses any `alg` but `ES256` (`none`,
 *    `HS256` and `RS256` included), a missing `kid` or a `crit` header, before anything is
 *    fetched (`invalid_signature`);
 * 2. fetches the key for the `kid` once, by POST to the configured environment's
 *    `/webhook_verification_key/get` with `{ client_id, secret, key_id }` (the host comes from
 *    `environment`, never the request), caches it by `kid` until its `expired_at` (at most
 *    24 h), and refuses a key whose `expired_at` has passed (`key_unavailable`, 503). A new
 *    `kid` is a new fetch: that is how a rotated key arrives. At most 10 fetches a minute;
 * 3. verifies the signature over `base64url(header).base64url(claims)`, then `iat` within
 *    `tolerance` (300 s each way), then the body's SHA-256 against `request_body_sha256` in
 *    constant time (`invalid_signature`; `explain` shows it as the payload step);
 * 4. keys replays on the SHA-256 of the JWT's signing input, which covers `iat` and the body
 *    hash (an ES256 signature has a second valid form anyone can compute).
 *
 * The `secret` goes only into the key request's body: never into a message, a log line or
 * `explain`.
 *
 * Checked against: no vector exists (Plaid publishes no signed example, and its example
 * JWT payload truncates the hash), so an independent implementation is the oracle: `jose`
 * (`SignJWT` signs ES256 JWTs as Plaid's do, verified here through a local key server; our
 * `sign` output verifies with `jose`'s `jwtVerify` and `maxTokenAge: '5 min'`, exactly as
 * Plaid's Node sample verifies), and the key in Plaid's documented
 * `/webhook_verification_key/get` answer reads to the SPKI OpenSSL makes of it.
 *
 * @example
 * ```ts
 * const scheme = plaid({
 *   clientId: process.env.PLAID_CLIENT_ID!,
 *   secret: process.env.PLAID_SECRET!,
 *   environment: 'production',
 * });
 * ```
 */
export function plaid<TPayload = unknown>(
  options: PlaidOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  const settings = options ?? ({} as PlaidOptions);
  const clientId = requiredString(settings.clientId, 'clientId');
  const secret = requiredString(settings.secret, 'secret');
  const { environment } = settings;
  if (!ENVIRONMENTS.includes(environment))
    throw new TypeError(
      `[hookguard] ${NAME}: environment must be 'production' or 'sandbox', the Plaid environment whose webhooks this route receives.`,
    );
  const tolerance = resolveTolerance(settings.tolerance, NAME);
  const privateKey =
    settings.privateKey === undefined
      ? undefined
      : privateKeyFrom(settings.privateKey, 'ecdsa-p256-sha256', 'spki-base64');
  if (settings.privateKey !== undefined && privateKey === undefined)
    throw new TypeError(`[hookguard] ${NAME}: privateKey must be PKCS#8 DER in base64.`);
  const host = `${environment}.plaid.com`;
  const url = `https://${host}${KEY_PATH}`;
  const policy = keyFetchPolicy({
    provider: NAME,
    allowedHosts: [host],
    fetch: settings.fetch,
    timeoutMs: settings.keyFetchTimeout,
  });
  const keys = new FetchedKeys({
    policy,
    maxFetchesPerMinute: settings.maxKeyFetchesPerMinute,
    locate: (kid) => ({
      url,
      request: { method: 'POST', json: { client_id: clientId, secret, key_id: kid } },
    }),
    parse: (document, kid, nowMs) => plaidVerificationKey(document, kid, nowMs, NAME),
  });
  return defineWebhookScheme<TPayload, HmacSignInput, SignedHttpRequest>({
    name: NAME,
    provider: NAME,
    mediaType: 'json',
    algorithm: 'ecdsa-p256-sha256',
    algorithmLabel: 'ES256 (JWS: ECDSA P-256 with SHA-256)',
    keys: [],
    privateKey,
    tolerance,
    replayBy: 'message',
    replayTtlSeconds: resolveReplayTtl(tolerance, settings.replayTtl, NAME),
    signatureFormat: 'a compact JWS, base64url(header).base64url(claims).base64url(r ‖ s)',
    keysFor: (parts, nowMs) => [keys.keyFor(parts.keyId as string, nowMs)],
    read(request) {
      const jwt = readJwt(request.requireHeader(HEADER));
      return {
        signatures: [jwt.encodedSignature],
        signatureSource: 'the Plaid-Verification JWT signature',
        keyId: jwt.kid,
        timestamp: issuedAt(jwt.claims.iat),
        message: [
          { label: 'JWT header (base64url)', value: jwt.encodedHeader },
          { label: 'separator', value: '.' },
          { label: 'JWT claims (base64url)', value: jwt.encodedPayload },
        ],
        mismatchHint: `The key is the one Plaid's ${KEY_PATH} answers for the JWT's kid on ${host}: a JWT that does not verify with it was not signed by Plaid (check that environment is right for this route).`,
        payload: () => {
          checkBodyHash(request, jwt.claims);
          return payloadOf(request) as TPayload;
        },
      };
    },
    decode: decodeSignature,
    encode: () => [],
    sign(input, context) {
      if (settings.kid === undefined)
        throw new TypeError(`[hookguard] ${NAME}: sign needs kid, the key id the JWT names.`);
      const body = bodyToSend(input?.body);
      const header = base64urlJson({ alg: ALGORITHM, kid: settings.kid, typ: 'JWT' });
      const claims = base64urlJson({
        iat: Math.floor((input?.timestamp ?? context.now) / 1000),
        request_body_sha256: sha256Hex(body),
      });
      const signingInput = `${header}.${claims}`;
      const signature = context.signature([{ label: 'JWS signing input', value: signingInput }]);
      return {
        headers: {
          'content-type': 'application/json',
          [HEADER]: `${signingInput}.${encodeDigest(signature, 'base64url')}`,
        },
        body,
      };
    },
  });
}

/** The demo key's id, as Plaid names its keys (a UUID). */
const DEMO_KID = '6c5516e1-92dc-479e-a8ff-5a51992e0001';

/** Plaid in the list of providers: its key answered by the demo's key server. */
export const PLAID_PROVIDER = {
  id: NAME,
  title: 'Plaid webhooks',
  vendor: NAME,
  family: 'fetched-key',
  docs: 'https://plaid.com/docs/api/webhooks/webhook-verification/',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'clientId',
      env: 'PLAID_CLIENT_ID',
      secret: false,
      flag: '--client-id',
      format: 'text',
      description: 'your Plaid client_id (Developers > Keys)',
      demo: 'hookguard-demo-client',
    },
    {
      option: 'secret',
      env: 'PLAID_SECRET',
      secret: true,
      format: 'text',
      description:
        "the secret of the environment the webhooks come from, sent only to Plaid's key endpoint",
      demo: 'hookguard-demo-plaid-secret',
    },
    {
      option: 'environment',
      env: 'PLAID_ENVIRONMENT',
      secret: false,
      flag: '--environment',
      format: 'text',
      description: "'production' or 'sandbox'",
      demo: 'sandbox',
    },
    {
      option: 'privateKey',
      env: 'PLAID_PRIVATE_KEY',
      secret: true,
      format: 'text',
      description: 'a P-256 private key (PKCS#8 DER, base64), only to sign test webhooks',
      demo: DEMO_P256_PRIVATE_KEY,
    },
    {
      option: 'kid',
      env: 'PLAID_KEY_ID',
      secret: false,
      flag: '--key-id',
      format: 'text',
      description: 'the key id test webhooks name, whose key your test server answers',
      demo: DEMO_KID,
    },
  ],
  factory: plaid,
  route: '/webhooks/plaid',
  sample: (now) => ({
    body: {
      webhook_type: 'TRANSFER',
      webhook_code: 'TRANSFER_EVENTS_UPDATE',
      environment: 'sandbox',
      transfer_id: `transfer_${now}`,
      amount: '100.00',
    },
    timestamp: now,
  }),
  signInput: jsonSignInput,
  demoKeys: {
    url: `https://sandbox.plaid.com${KEY_PATH}`,
    method: 'POST',
    contentType: 'application/json',
    body: JSON.stringify({
      key: {
        alg: 'ES256',
        created_at: 1_764_720_000,
        crv: 'P-256',
        expired_at: null,
        kid: DEMO_KID,
        kty: 'EC',
        use: 'sig',
        ...DEMO_P256_PUBLIC_POINT,
      },
      request_id: 'hookguard-demo',
    }),
  },
  checkedAgainst: {
    none: 'Plaid publishes no offline verifier and no signed example (its example JWT truncates the body hash).',

    vector:
      "no vendor vector (Plaid publishes no signed example, and its example JWT truncates the body hash): JWTs signed by jose, an independent JWS implementation, with the key answered as Plaid's /webhook_verification_key/get documents it",
  },
} as const satisfies ProviderDefinition;
