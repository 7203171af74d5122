import { type CheckedRequest, checkOpened, checkRequest, openRequest } from './check-request.js';
import { hasSyncCrypto, runWithCrypto } from './crypto/run-with-crypto.js';
import {
  tracedOutcome,
  tracedWebhook,
  verificationStarted,
} from './diagnostics/verify-channels.js';
import { isWebhookVerificationError, WebhookVerificationError } from './errors.js';
import {
  type AnsweredHandshake,
  answerSigned,
  answerUnsigned,
} from './handshake/answer-handshake.js';
import { runWithKeys } from './keys/fetched-keys.js';
import { claimDeliveries } from './replay/claim-deliveries.js';
import type { ReplayClaim } from './replay/replay-claim.js';
import { replayKeysOf } from './replay/replay-key.js';
import { type ReplayPolicy, resolveReplayPolicy } from './replay/replay-policy.js';
import type { ReplayStore } from './replay/replay-store.js';
import { isPending, type MaybePromise } from './replay/store-call.js';
import type { WebhookRequest } from './request/incoming-webhook.js';
import { type WebhookDefinition, type WebhookScheme, webhookDefinitionOf } from './scheme.js';

/** Options for {@link verify}. */
export interface VerifyOptions {
  /** Clock in epoch milliseconds, like `Date.now` (the default). Inject it in tests. */
  readonly now?: (() => number) | undefined;
  /**
   * Where accepted deliveries are remembered. When given, each verified delivery is
   * claimed (a lease), and the result's `replayClaim` must be settled: `commit()` once
   * handled, `release()` if handling failed. A copy that arrives while the lease is held is
   * `delivery_in_progress` (409); one that arrives after a commit, within the scheme's
   * replay TTL, is `replayed`.
   */
  readonly replayStore?: ReplayStore | undefined;
  /** Largest body accepted, in bytes; larger is `body_too_large`. Default 1 MiB. */
  readonly bodyLimit?: number | undefined;
  /** Milliseconds a replay store call may take before it counts as failed. Default 1000. */
  readonly replayStoreTimeout?: number | undefined;
  /**
   * Seconds a claim holds a delivery before it is committed or released; default 30. Keep
   * it above your handler's longest run: a copy arriving after it ends is accepted again.
   */
  readonly replayLease?: number | undefined;
  /**
   * When the replay store fails or times out: false (default) rejects with
   * `replay_store_unavailable` (503) so the vendor retries later; true accepts the
   * delivery without replay protection and logs a warning.
   */
  readonly failOpen?: boolean | undefined;
  /** Where warnings go (store failures, fail-open, late commits). Default `console.warn`. */
  readonly warn?: ((message: string) => void) | undefined;
}

/** A request whose signature verified. */
export interface VerifiedWebhook<TPayload = unknown> {
  /** The scheme that verified it, such as `cashfree.webhook`. */
  readonly provider: string;
  /** The parsed JSON body, or for form schemes a null-prototype object of the signed fields. */
  readonly payload: TPayload;
  /** Which configured key matched: its index in the list, or its key id. Log it during rotation. */
  readonly matchedKey: number | string;
  /** The signed timestamp in epoch milliseconds, where the scheme signs one. */
  readonly timestamp?: number;
  /**
   * Set only on a route with `handshakes: 'pass'`, for a signed handshake the handler must
   * answer: its name and the answer hookguard would have sent. Never claimed in the store.
   */
  readonly handshake?: AnsweredHandshake;
  /**
   * The delivery's claim in the replay store: `commit()` once handled, `release()` if
   * handling failed (the adapters do it for you). Absent without a store, or when the store
   * failed and `failOpen` let the delivery through.
   */
  readonly replayClaim?: ReplayClaim;
}

/**
 * Verifies a webhook request against a scheme: reads the signature and everything it
 * covers from the raw request, compares in constant time with each configured key, checks
 * the signed timestamp, parses the payload, and, when a replay store is given, claims the
 * delivery under a key derived only from what the signature covers. The claim comes last,
 * so a forged request can never burn a real delivery's key.
 *
 * Rejects with {@link WebhookVerificationError}, whose `code` and `status` say why.
 *
 * @example
 * ```ts
 * const scheme = cashfree.webhook({ secret: process.env.CASHFREE_CLIENT_SECRET! });
 * const { payload } = await verify(scheme, {
 *   method: req.method, url: req.url, headers: req.headers, body: rawBody,
 * });
 * ```
 */
export function verify<TPayload>(
  scheme: WebhookScheme<TPayload, unknown, unknown>,
  request: WebhookRequest,
  options: VerifyOptions = {},
): Promise<VerifiedWebhook<TPayload>> {
  return verifyRequestBody(scheme, request, options, false);
}

/**
 * {@link verify}, for an adapter that already refused a wrong Content-Type before reading
 * the body and read it within the limit (`headChecked`): the core then does not check them
 * a second time. Published on the diagnostics channels (`VERIFY_CHANNELS`) while anyone
 * listens; otherwise the verification runs exactly as it would without them.
 */
export function verifyRequestBody<TPayload>(
  scheme: WebhookScheme<TPayload, unknown, unknown>,
  request: WebhookRequest,
  options: VerifyOptions,
  headChecked: boolean,
): Promise<VerifiedWebhook<TPayload>> {
  const trace = verificationStarted(scheme);
  const verifying = verifyBody(scheme, request, options, headChecked);
  return trace === undefined
    ? verifying
    : tracedWebhook(trace, verifying, options.replayStore !== undefined);
}

async function verifyBody<TPayload>(
  scheme: WebhookScheme<TPayload, unknown, unknown>,
  request: WebhookRequest,
  options: VerifyOptions,
  headChecked: boolean,
): Promise<VerifiedWebhook<TPayload>> {
  const definition = webhookDefinitionOf(scheme);
  const nowMs = (options.now ?? Date.now)();
  // Synchronous with node:crypto; in passes over Web Crypto elsewhere (see runWithCrypto).
  const check = () => {
    const checked = checkRequest(definition, request, nowMs, options.bodyLimit, headChecked);
    const policy = replayPolicyOf(options);
    return { checked, policy, replayKeys: policy && replayKeysOf(definition, checked) };
  };
  let ran: ReturnType<typeof runChecks<ReturnType<typeof check>>>;
  try {
    ran = runChecks(definition, check);
  } catch (error) {
    // A refusal rejects one tick later. A promise rejected before its caller could attach a
    // handler goes through the runtime's unhandled-rejection tracking (in Node about 1.5 µs,
    // as much as the HMAC that refused it); a tick later the caller's `await` or `catch` is
    // there. A valid request takes no extra tick (decision 154).
    await undefined;
    throw error;
  }
  const { checked, policy, replayKeys } = isPending(ran) ? await ran : ran;
  return verifiedWebhook(definition, checked, policy, replayKeys, undefined);
}

/**
 * Whether a scheme's checks run at once, as a plain call: node:crypto, and keys in hand
 * (not fetched). A caller that knows it can call its checks without making a closure for
 * {@link runChecks}.
 */
function checksRunAtOnce(definition: WebhookDefinition<unknown, unknown, unknown>): boolean {
  return definition.keysFor === undefined && hasSyncCrypto();
}

/**
 * Runs a check over the crypto interface (see `runWithCrypto`); for a scheme whose keys are
 * fetched, again once a key it needed has loaded (see `runWithKeys`). Every other scheme
 * runs it exactly as before, with no wrapper allocated.
 */
function runChecks<T>(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  check: () => T,
): T | Promise<T> {
  if (checksRunAtOnce(definition)) return check();
  return definition.keysFor === undefined
    ? runWithCrypto(check)
    : runWithKeys(() => runWithCrypto(check));
}

/**
 * How a route treats the vendor's handshakes (Slack's `url_verification`, Meta's GET
 * challenge…): `answer` (default) answers them all and never calls the handler for one;
 * `pass` still answers the unsigned ones (nothing in them can be verified) but hands signed
 * ones to the handler as verified webhooks whose `handshake` holds the answer to send.
 */
export type HandshakeMode = 'answer' | 'pass';

/** What a route makes of a request: a verified webhook, or a handshake to answer. */
export type WebhookOutcome<TPayload> =
  | { readonly kind: 'webhook'; readonly webhook: VerifiedWebhook<TPayload> }
  | { readonly kind: 'handshake'; readonly handshake: AnsweredHandshake };

/**
 * A refusal as {@link verifyOrAnswerNow} hands it back: a value, not a throw. In a busy
 * server, throwing a refusal cost several times what the HMAC that found it did (decision 172).
 */
export interface RefusedOutcome {
  readonly kind: 'refused';
  readonly error: WebhookVerificationError;
}

/** What {@link verifyOrAnswerNow} makes of a request: an outcome, or the refusal. */
export type RouteOutcome<TPayload> = WebhookOutcome<TPayload> | RefusedOutcome;

/**
 * {@link verifyRequestBody}, answering the scheme's handshakes on the way: an unsigned one
 * before any signature check, a signed one only once the request verified. A handshake is
 * never claimed in the replay store (answering it twice is harmless, and a vendor that
 * repeats one, as Zoom does every 72 hours, must get its answer every time).
 */
export function verifyOrAnswer<TPayload>(
  scheme: WebhookScheme<TPayload, unknown, unknown>,
  request: WebhookRequest,
  options: VerifyOptions,
  headChecked: boolean,
  mode: HandshakeMode = 'answer',
): Promise<WebhookOutcome<TPayload>> {
  const trace = verificationStarted(scheme);
  const answering = promised(scheme, request, options, headChecked, mode);
  return trace === undefined
    ? answering
    : tracedOutcome(trace, answering, options.replayStore !== undefined);
}

/**
 * {@link verifyOrAnswer} as the adapters call it (`route.handleNow`): the outcome itself
 * when nothing had to wait (node:crypto, the keys in hand, no replay store or one in this
 * process), else a promise of it. A refusal is an outcome too, `{ kind: 'refused', error }`,
 * never thrown nor rejected: only a bug throws. The common request then costs no promise,
 * no microtask and no throw (decisions 168, 172). While anyone listens on the diagnostics
 * channels, it is the traced promise.
 */
export function verifyOrAnswerNow<TPayload>(
  scheme: WebhookScheme<TPayload, unknown, unknown>,
  request: WebhookRequest,
  options: VerifyOptions,
  headChecked: boolean,
  mode: HandshakeMode = 'answer',
): MaybePromise<RouteOutcome<TPayload>> {
  const trace = verificationStarted(scheme);
  if (trace === undefined) return answerOrVerifyNow(scheme, request, options, headChecked, mode);
  const answering = promised(scheme, request, options, headChecked, mode);
  const traced = tracedOutcome(trace, answering, options.replayStore !== undefined);
  return traced.then(undefined, refusedOrThrown);
}

/**
 * The outcome as a promise that rejects with the refusal; a refusal found without waiting
 * rejects one tick later (decision 154).
 */
async function promised<TPayload>(
  scheme: WebhookScheme<TPayload, unknown, unknown>,
  request: WebhookRequest,
  options: VerifyOptions,
  headChecked: boolean,
  mode: HandshakeMode,
): Promise<WebhookOutcome<TPayload>> {
  const answering = answerOrVerifyNow(scheme, request, options, headChecked, mode);
  if (!isPending(answering)) {
    if (answering.kind !== 'refused') return answering;
    await undefined;
    throw answering.error;
  }
  const outcome = await answering;
  if (outcome.kind === 'refused') throw outcome.error;
  return outcome;
}

/** A refusal caught on the way, as an outcome; anything else is a bug and goes on up. */
function refusedOrThrown(error: unknown): RefusedOutcome {
  if (isWebhookVerificationError(error)) return { kind: 'refused', error };
  throw error;
}

/** Runs the route's checks and settles what they found, waiting only where something must. */
function answerOrVerifyNow<TPayload>(
  scheme: WebhookScheme<TPayload, unknown, unknown>,
  request: WebhookRequest,
  options: VerifyOptions,
  headChecked: boolean,
  mode: HandshakeMode,
): MaybePromise<RouteOutcome<TPayload>> {
  const definition = webhookDefinitionOf(scheme);
  const nowMs = (options.now ?? Date.now)();
  // The refusals found after the HMAC are handed back (checkOpened); the rarer ones, of a
  // request that cannot be read or a replay the store refuses, are thrown where they are
  // found and caught here.
  try {
    // When they run at once, the checks are called here, with no closure to allocate.
    const ran = checksRunAtOnce(definition)
      ? routeChecks(definition, request, options, headChecked, nowMs)
      : runChecks(definition, () => routeChecks(definition, request, options, headChecked, nowMs));
    if (!isPending(ran)) return outcomeOf(definition, ran, mode);
    return ran
      .then((checks) => outcomeOf(definition, checks, mode))
      .then(undefined, refusedOrThrown);
  } catch (error) {
    return refusedOrThrown(error);
  }
}

/**
 * A route's checks, once: an unsigned handshake is answered before any signature check, a
 * signed one only once the request verified; a refusal after the HMAC is handed back.
 */
function routeChecks<TPayload>(
  definition: WebhookDefinition<TPayload, unknown, unknown>,
  request: WebhookRequest,
  options: VerifyOptions,
  headChecked: boolean,
  nowMs: number,
): RouteChecks<TPayload> | WebhookVerificationError {
  const incoming = openRequest(definition, request, options.bodyLimit, headChecked);
  const unsigned = answerUnsigned(definition, incoming);
  if (unsigned !== undefined) return { unsigned };
  const checked = checkOpened(definition, incoming, nowMs);
  if (checked instanceof WebhookVerificationError) return checked;
  const handshake = answerSigned(definition, incoming, checked);
  const policy = handshake === undefined ? replayPolicyOf(options) : undefined;
  return { checked, handshake, policy, replayKeys: policy && replayKeysOf(definition, checked) };
}

/** What a route's checks found: an unsigned handshake, or a request that verified. */
type RouteChecks<TPayload> =
  | { readonly unsigned: AnsweredHandshake }
  | {
      readonly checked: CheckedRequest<TPayload>;
      readonly handshake: AnsweredHandshake | undefined;
      readonly policy: ReplayPolicy | undefined;
      readonly replayKeys: readonly string[] | undefined;
    };

/**
 * What the checks found, as an outcome: the refusal, a handshake to answer, or the verified
 * webhook. A claim or a handshake's step that fails later rejects, as a refusal or a bug.
 */
function outcomeOf<TPayload>(
  definition: WebhookDefinition<TPayload, unknown, unknown>,
  checks: RouteChecks<TPayload> | WebhookVerificationError,
  mode: HandshakeMode,
): MaybePromise<RouteOutcome<TPayload>> {
  if (checks instanceof WebhookVerificationError) return { kind: 'refused', error: checks };
  if ('unsigned' in checks) return { kind: 'handshake', handshake: checks.unsigned };
  const { checked, handshake, policy, replayKeys } = checks;
  if (handshake !== undefined && mode === 'answer') {
    // A step the answer depends on (AWS SNS: confirming the subscription) comes first; if it
    // fails, its error is the answer and the vendor retries.
    if (handshake.perform === undefined) return { kind: 'handshake', handshake };
    return handshake
      .perform()
      .then((): RouteOutcome<TPayload> => ({ kind: 'handshake', handshake }), refusedOrThrown);
  }
  const webhook = verifiedWebhook(definition, checked, policy, replayKeys, handshake);
  return isPending(webhook)
    ? webhook.then(
        (verified): RouteOutcome<TPayload> => ({ kind: 'webhook', webhook: verified }),
        refusedOrThrown,
      )
    : { kind: 'webhook', webhook };
}

/** The result of a verified request, claimed in the replay store where one is configured. */
function verifiedWebhook<TPayload>(
  definition: WebhookDefinition<TPayload, unknown, unknown>,
  checked: CheckedRequest<TPayload>,
  policy: ReplayPolicy | undefined,
  replayKeys: readonly string[] | undefined,
  handshake: AnsweredHandshake | undefined,
): VerifiedWebhook<TPayload> | Promise<VerifiedWebhook<TPayload>> {
  const ms = checked.parts.timestamp?.ms;
  // The timestamp in the literal, not added after it: a property added to an object literal
  // lands in a separate property store, one more allocation per delivery.
  const result: MutableWebhook<TPayload> =
    ms === undefined
      ? { provider: definition.name, payload: checked.payload, matchedKey: checked.key.id }
      : {
          provider: definition.name,
          payload: checked.payload,
          matchedKey: checked.key.id,
          timestamp: ms,
        };
  if (handshake !== undefined) result.handshake = handshake;
  if (policy === undefined || replayKeys === undefined) return result;
  const claimed = claimDeliveries(policy, replayKeys, definition.replayTtlSeconds, definition.name);
  // A store in this process answers at once: no extra await.
  if (!isPending(claimed)) return withClaim(result, claimed);
  return claimed.then((claim) => withClaim(result, claim));
}

type MutableWebhook<TPayload> = {
  -readonly [K in keyof VerifiedWebhook<TPayload>]: VerifiedWebhook<TPayload>[K];
};

function withClaim<TPayload>(
  result: MutableWebhook<TPayload>,
  claim: ReplayClaim | undefined,
): VerifiedWebhook<TPayload> {
  if (claim !== undefined) result.replayClaim = claim;
  return result;
}

// Policies by options object: adapters pass the same options on every request, and
// resolving (validating) them each time would cost more than a memory store's claim.
// Options are read-only by type, but compared anyway: a changed object is resolved again.
interface CachedPolicy {
  readonly policy: ReplayPolicy;
  readonly options: Required<Pick<VerifyOptions, ReplayOption>>;
}
type ReplayOption = 'replayStore' | 'replayStoreTimeout' | 'replayLease' | 'failOpen' | 'warn';
const policies = new WeakMap<VerifyOptions, CachedPolicy>();

function replayPolicyOf(options: VerifyOptions): ReplayPolicy | undefined {
  if (options.replayStore === undefined) return undefined;
  const cached = policies.get(options);
  if (
    cached !== undefined &&
    cached.options.replayStore === options.replayStore &&
    cached.options.replayStoreTimeout === options.replayStoreTimeout &&
    cached.options.replayLease === options.replayLease &&
    cached.options.failOpen === options.failOpen &&
    cached.options.warn === options.warn
  ) {
    return cached.policy;
  }
  const policy = resolveReplayPolicy(options) as ReplayPolicy;
  const { replayStore, replayStoreTimeout, replayLease, failOpen, warn } = options;
  policies.set(options, {
    policy,
    options: { replayStore, replayStoreTimeout, replayLease, failOpen, warn },
  });
  return policy;
}
