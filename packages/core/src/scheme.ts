import type { HmacAlgorithm, MessagePart } from './crypto/hmac.js';
import type { Handshake } from './handshake/handshake.js';
import type { Key } from './keys/key-ring.js';
import type { SignatureAlgorithm } from './platform/platform.js';
import type { IncomingWebhook } from './request/incoming-webhook.js';
import type { MediaType } from './request/media-type.js';
import type { ReceivedTimestamp } from './time/timestamps.js';

/** Replay keys live this long where no timestamp is signed (Cashfree `cf_*` callbacks). */
export const DEFAULT_UNTIMED_REPLAY_TTL_SECONDS = 24 * 60 * 60;

/**
 * A scheme that produces signatures: `sign(scheme, input)` returns `TSigned`.
 * Obtained from a provider factory such as `uicheck({ id, secret })`.
 */
export interface SigningScheme<TSignInput = unknown, TSigned = unknown> {
  /** Stable scheme id, such as `cashfree.webhook`; prefixes replay keys and error messages. */
  readonly name: string;
  /** The vendor, such as `cashfree`. */
  readonly provider: string;
  /** Type-level only, never set at run time: carries the sign types for inference. */
  readonly '~types'?: { readonly signInput: TSignInput; readonly signed: TSigned };
}

/**
 * A scheme that verifies incoming requests (and signs them, for tests and outgoing calls).
 * Obtained from a provider factory such as `cashfree.webhook({ secret })`; choose it per
 * route, never by looking at the request.
 */
export interface WebhookScheme<TPayload = unknown, TSignInput = unknown, TSigned = unknown>
  extends SigningScheme<TSignInput, TSigned> {
  /** The body format the scheme expects; adapters refuse others with `unsupported_media_type`. */
  readonly mediaType: MediaType;
  /** Seconds of clock skew allowed each way, or false where no timestamp is checked. */
  readonly tolerance: number | false;
  /** How long a replay store remembers an accepted delivery. */
  readonly replayTtlSeconds: number;
  readonly '~types'?: {
    readonly payload: TPayload;
    readonly signInput: TSignInput;
    readonly signed: TSigned;
  };
}

/** A received signature decoded to digest bytes, with the form it was read as. */
export interface DecodedSignature {
  readonly bytes: Uint8Array;
  /** Such as `base64`, or `base64 of the hex digest` for Fiserv's second encoding. */
  readonly form: string;
}

/** How a digest becomes what is sent, step by step (for `explain`). */
export interface EncodedForm {
  readonly form: string;
  readonly steps: readonly { readonly label: string; readonly value: string }[];
}

/**
 * What identifies a delivery for the replay store when the signature covers no delivery id
 * (see `docs/replay.md`):
 * - `digest`: the matched digest. Right where a request carries one signature: the same
 *   signed message under the same key always gives the same digest.
 * - `message`: the SHA-256 of the signed message. Where a request may carry several
 *   signatures (Stripe's `v1` list while a secret rolls), a replay could present another
 *   key's signature, and so another digest; the message is the same whichever key matched.
 * - `body`: the SHA-256 of the body, where nothing is signed (Flutterwave's shared token):
 *   deduplication only, not a security boundary.
 */
export type ReplayBy = 'digest' | 'message' | 'body';

/**
 * A signed message and its signatures. A request's own (`SignedParts` is one), or one of the
 * further items a request carries, each signed on its own (Adyen's `notificationItems`).
 */
export interface SignedMessage {
  /** The signatures as received; empty when none was sent. Any one may match. */
  readonly signatures: readonly string[];
  /** See {@link SignedParts.signatureKeys}. */
  readonly signatureKeys?: readonly (number | string)[] | undefined;
  /** Where the signature lives, for messages: `the x-webhook-signature header`. */
  readonly signatureSource: string;
  /** The string to sign, in parts. */
  readonly message: readonly MessagePart[];
  /** Other strings the sender may have signed (Twilio: the URL without its default port). */
  readonly alternatives?: readonly (readonly MessagePart[])[] | undefined;
  /** What most often causes a mismatch for this scheme, added to the `invalid_signature` message. */
  readonly mismatchHint?: string | undefined;
  /**
   * Public-key schemes whose request says which algorithm signed it (AWS SNS's
   * `SignatureVersion`): that algorithm, which the scheme has already checked is one the
   * route accepts; the scheme's own `algorithm` otherwise.
   */
  readonly algorithm?: SignatureAlgorithm | undefined;
}

/** The signature and everything it covers, read from one request. */
export interface SignedParts<TPayload> {
  /** The signatures as received; empty when none was sent. Any one may match. */
  readonly signatures: readonly string[];
  /**
   * Where each signature may match only one configured key (Box's primary header with the
   * primary key, its secondary with the secondary): the key id for `signatures[i]`.
   */
  readonly signatureKeys?: readonly (number | string)[] | undefined;
  /** Where the signature lives, for messages: `the x-webhook-signature header`. */
  readonly signatureSource: string;
  /** The key id the request names (Ethoca's `KeyRef`), where the scheme has named keys. */
  readonly keyId?: string | undefined;
  /** The signed timestamp, where the scheme signs one. */
  readonly timestamp?: ReceivedTimestamp | undefined;
  /** The string to sign, in parts. */
  readonly message: readonly MessagePart[];
  /** Other strings the sender may have signed (Twilio: the URL without its default port). */
  readonly alternatives?: readonly (readonly MessagePart[])[] | undefined;
  /** What most often causes a mismatch for this scheme, added to the `invalid_signature` message. */
  readonly mismatchHint?: string | undefined;
  /** See {@link SignedMessage.algorithm}. */
  readonly algorithm?: SignatureAlgorithm | undefined;
  /**
   * An id the signature covers that the vendor keeps across retries of one delivery
   * (Standard Webhooks' `webhook-id`, Fiserv's `Client-Request-Id`): the replay key then
   * refuses a re-signed retry too. Never an unsigned header.
   */
  readonly deliveryId?: string | undefined;
  /**
   * Further messages the request carries, each with its own signatures (the items of an
   * Adyen batch after the first). Every one must match under the key that matched `message`,
   * or the whole request is refused; each is also a delivery of its own to the replay store.
   */
  readonly items?: readonly SignedMessage[] | undefined;
  /** Parses the payload; called only once the signature and timestamp have passed. */
  readonly payload: () => TPayload;
}

/** What a provider's `sign` gets from `sign()`: time, ids and keys, so it stays pure. */
export interface SignContext {
  readonly now: number;
  randomUUID(): string;
  /** The key to sign with: the one named, or the first configured. */
  key(id?: string): Key;
  /** HMAC of the message with the key (MAC schemes). */
  digest(message: readonly MessagePart[], key: Key): Uint8Array;
  /**
   * The configured private key's signature over the message (public-key schemes), with the
   * scheme's algorithm or the public-key `algorithm` given (AWS SNS's `SignatureVersion`);
   * a `TypeError` when the scheme was given no private key.
   */
  signature(message: readonly MessagePart[], algorithm?: SignatureAlgorithm): Uint8Array;
}

/** Internal description of a signing scheme; one per provider file. */
export interface SigningDefinition<TSignInput, TSigned> {
  readonly name: string;
  readonly provider: string;
  /**
   * An HMAC algorithm: the digest is computed and compared in constant time. A public-key
   * algorithm: each received signature is verified with each key (SPKI DER in `Key.bytes`).
   */
  readonly algorithm: HmacAlgorithm | SignatureAlgorithm;
  /** A list tried in order (rotation), or key ids to select from. */
  readonly keys: readonly Key[] | ReadonlyMap<string, Key>;
  /** Public-key schemes: the private key (PKCS#8 DER) `sign` uses, where one was given. */
  readonly privateKey?: Uint8Array | undefined;
  sign(input: TSignInput, context: SignContext): TSigned;
}

/** Internal description of a verifying scheme; one per provider file. */
export interface WebhookDefinition<TPayload, TSignInput, TSigned>
  extends SigningDefinition<TSignInput, TSigned> {
  readonly mediaType: MediaType;
  readonly tolerance: number | false;
  readonly replayBy: ReplayBy;
  readonly replayTtlSeconds: number;
  /**
   * A delivery id read from the verified payload (Stripe's event `id`), where the body
   * carries one that the vendor keeps across re-signed retries; `undefined` when absent.
   */
  deliveryIdFrom?(payload: TPayload): string | undefined;
  /** Reads the signature and its inputs; throws `WebhookVerificationError` when it cannot. */
  read(request: IncomingWebhook): SignedParts<TPayload>;
  /**
   * Schemes whose keys are fetched from the vendor (PayPal's certificate URL): the key the
   * request names, from the cache, or `KeyPending` while it loads (see `runWithKeys`).
   * `keys` is then empty.
   */
  keysFor?(parts: SignedParts<TPayload>, nowMs: number): readonly Key[];
  /** Setup requests the vendor sends, which the adapters answer (see {@link Handshake}). */
  readonly handshakes?: readonly Handshake[] | undefined;
  /** The signature's encoding, for messages: `base64`, `sha256=<hex>`… */
  readonly signatureFormat: string;
  /**
   * What the received signature is compared with, for one key; default the HMAC of the
   * message. Flutterwave's `verif-hash` is the configured secret itself.
   */
  digest?(key: Key, message: readonly MessagePart[]): Uint8Array;
  /** The signature *is* the secret (Flutterwave): `explain` must never show it, sent or expected. */
  readonly signatureIsSecret?: boolean;
  /** How `explain` names the check, where it is not `HMAC-<algorithm>`. */
  readonly algorithmLabel?: string;
  /** Candidate digests for a received signature; empty when it cannot be decoded. */
  decode(signature: string): DecodedSignature[];
  /** The forms a digest is sent in, the default first. */
  encode(digest: Uint8Array): EncodedForm[];
}

// Symbol.for, so a scheme made by one copy of the package works with another copy's verify.
const DEFINITION = Symbol.for('hookguard.scheme-definition');

type Carrier = { [DEFINITION]?: SigningDefinition<unknown, unknown> };

/** Wraps a definition into the opaque public scheme object. */
export function defineWebhookScheme<TPayload, TSignInput, TSigned>(
  definition: WebhookDefinition<TPayload, TSignInput, TSigned>,
): WebhookScheme<TPayload, TSignInput, TSigned> {
  const scheme = {
    name: definition.name,
    provider: definition.provider,
    mediaType: definition.mediaType,
    tolerance: definition.tolerance,
    replayTtlSeconds: definition.replayTtlSeconds,
  };
  Object.defineProperty(scheme, DEFINITION, { value: definition });
  return Object.freeze(scheme);
}

/** Wraps a signing-only definition (UiCheck) into the opaque public scheme object. */
export function defineSigningScheme<TSignInput, TSigned>(
  definition: SigningDefinition<TSignInput, TSigned>,
): SigningScheme<TSignInput, TSigned> {
  const scheme = { name: definition.name, provider: definition.provider };
  Object.defineProperty(scheme, DEFINITION, { value: definition });
  return Object.freeze(scheme);
}

function definitionOf(scheme: unknown): SigningDefinition<unknown, unknown> {
  const definition = (scheme as Carrier | null | undefined)?.[DEFINITION];
  if (definition === undefined) {
    throw new TypeError(
      '[hookguard] expected a scheme from a provider factory, such as cashfree.webhook({ secret }).',
    );
  }
  return definition;
}

/** The definition behind a scheme that can sign. */
export function signingDefinitionOf<TSignInput, TSigned>(
  scheme: SigningScheme<TSignInput, TSigned>,
): SigningDefinition<TSignInput, TSigned> {
  return definitionOf(scheme) as SigningDefinition<TSignInput, TSigned>;
}

/** The definition behind a scheme that can verify; a `TypeError` for a signing-only one. */
export function webhookDefinitionOf<TPayload>(
  scheme: WebhookScheme<TPayload, unknown, unknown>,
): WebhookDefinition<TPayload, unknown, unknown> {
  const definition = definitionOf(scheme);
  if (!('read' in definition)) {
    throw new TypeError(
      `[hookguard] ${definition.name} only signs (it is not a webhook); use sign(), not verify() or explain().`,
    );
  }
  return definition as WebhookDefinition<TPayload, unknown, unknown>;
}

/**
 * How long to remember a delivery: twice the tolerance where a timestamp is signed (a
 * request stamped `tolerance` seconds in the future stays acceptable for `2 × tolerance`),
 * else a day. An override shorter than that would reopen the replay window: `TypeError`.
 */
export function resolveReplayTtl(
  tolerance: number | false,
  override: number | undefined,
  scheme: string,
): number {
  const minimum = tolerance === false ? 1 : Math.max(1, Math.ceil(2 * tolerance));
  const fallback = tolerance === false ? DEFAULT_UNTIMED_REPLAY_TTL_SECONDS : minimum;
  if (override === undefined) return fallback;
  if (typeof override !== 'number' || !Number.isFinite(override) || override < minimum) {
    throw new TypeError(
      `[hookguard] ${scheme}: replayTtl must be a number of seconds ≥ ${minimum} (twice the tolerance), or a shorter window would let a replay through.`,
    );
  }
  return Math.ceil(override);
}
