import { constantTimeEqual } from './crypto/constant-time-equal.js';
import { hmacDigest, isHmacAlgorithm, type MessagePart } from './crypto/hmac.js';
import { verifySignature } from './crypto/run-with-crypto.js';
import { WebhookVerificationError } from './errors.js';
import type { Key } from './keys/key-ring.js';
import { DEFAULT_BODY_LIMIT_BYTES } from './limits.js';
import type { SignatureAlgorithm } from './platform/platform.js';
import { bodyTooLarge } from './request/body-read-error.js';
import { IncomingWebhook, type WebhookRequest } from './request/incoming-webhook.js';
import { assertMediaType } from './request/media-type.js';
import type { DecodedSignature, SignedMessage, SignedParts, WebhookDefinition } from './scheme.js';
import { toleranceRefusal } from './time/timestamps.js';

/** A request whose signature and timestamp passed, with its parsed payload. */
export interface CheckedRequest<TPayload> {
  readonly parts: SignedParts<TPayload>;
  readonly key: Key;
  readonly digest: Uint8Array;
  /** The signed message that matched: the primary one, or an alternative (Twilio's port). */
  readonly message: readonly MessagePart[];
  /** Each further item of the request (`SignedParts.items`), matched under `key`. */
  readonly items: readonly SignatureMatch[];
  /** The raw body, as received. */
  readonly body: Uint8Array;
  readonly payload: TPayload;
}

/** The key and message whose digest matched a received signature. */
export interface SignatureMatch {
  readonly key: Key;
  readonly digest: Uint8Array;
  readonly message: readonly MessagePart[];
}

/**
 * Wraps the request and refuses a body over the limit and a Content-Type the scheme does not
 * take, unless an adapter already did both before reading the body (`headChecked`).
 */
export function openRequest(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  request: WebhookRequest,
  bodyLimit = DEFAULT_BODY_LIMIT_BYTES,
  headChecked = false,
): IncomingWebhook {
  const incoming = new IncomingWebhook(request, definition.name);
  if (headChecked) return incoming;
  if (incoming.body.length > bodyLimit)
    throw bodyTooLarge(incoming.body.length, bodyLimit, definition.name);
  assertMediaType(
    definition.mediaType,
    incoming.header('content-type'),
    incoming.body.length > 0,
    definition.name,
  );
  return incoming;
}

/**
 * The keys to try: the fetched key the request names (PayPal's certificate), the configured
 * one it names by key id, or every configured key (rotation).
 */
export function selectKeys(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  parts: SignedParts<unknown>,
  nowMs: number,
): readonly Key[] {
  if (definition.keysFor !== undefined) return definition.keysFor(parts, nowMs);
  if (!(definition.keys instanceof Map)) return definition.keys as readonly Key[];
  const key = parts.keyId === undefined ? undefined : definition.keys.get(parts.keyId);
  if (key === undefined) {
    throw new WebhookVerificationError(
      'unknown_key',
      `the key id ${JSON.stringify(String(parts.keyId).slice(0, 64))} names no configured key.`,
      { provider: definition.name },
    );
  }
  return [key];
}

/**
 * Finds the key whose HMAC matches one of the received signatures. Every comparison is of
 * decoded bytes, in constant time. Throws `missing_signature` when none was sent and
 * `invalid_signature` when none can be decoded or none matches.
 */
export function matchSignature(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  keys: readonly Key[],
  parts: SignedMessage,
): SignatureMatch {
  const match = signatureMatch(definition, keys, parts);
  if (match instanceof WebhookVerificationError) throw match;
  return match;
}

/**
 * {@link matchSignature}, handing its refusal back instead of throwing it: a forged request
 * is refused without a throw, which in a busy server costs more than the HMAC did
 * (decision 172).
 *
 * The refusals are made by small functions of their own: kept out of this hot function's
 * body, they leave the optimizing compiler room to inline the checks a valid request runs.
 * Measured: with forged requests in the same process, a valid 256 B one cost 10 % more
 * when this function carried them (decision 163).
 */
export function signatureMatch(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  keys: readonly Key[],
  parts: SignedMessage,
): SignatureMatch | WebhookVerificationError {
  if (parts.signatures.length === 0) return missingSignature(definition, parts);
  // With signatureKeys, the key id each candidate alone may match (Box's primary/secondary).
  const only = parts.signatureKeys === undefined ? undefined : ([] as (number | string)[]);
  // One signature, as most vendors send: its decoded forms are the candidates, not copied.
  const candidates =
    parts.signatures.length === 1 && only === undefined
      ? definition.decode(parts.signatures[0] as string)
      : allCandidates(definition, parts, only);
  if (candidates.length === 0) return undecodableSignature(definition, parts);
  const algorithm = signingAlgorithm(definition, parts);
  const match = isHmacAlgorithm(algorithm)
    ? matchedDigest(definition, keys, parts, candidates, only)
    : verifiedBy(algorithm, keys, parts, candidates, only);
  return match ?? signatureMismatch(definition, parts, keys);
}

/** Every received signature's decoded forms, in order; `only` gets each one's key id. */
function allCandidates(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  parts: SignedMessage,
  only: (number | string)[] | undefined,
): DecodedSignature[] {
  const candidates: DecodedSignature[] = [];
  for (let index = 0; index < parts.signatures.length; index++) {
    const decoded = definition.decode(parts.signatures[index] as string);
    for (let d = 0; d < decoded.length; d++) {
      candidates.push(decoded[d] as DecodedSignature);
      only?.push(parts.signatureKeys?.[index] as number | string);
    }
  }
  return candidates;
}

/** MAC schemes: the key and message whose digest is one of the candidates, if any. */
function matchedDigest(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  keys: readonly Key[],
  parts: SignedMessage,
  candidates: readonly DecodedSignature[],
  only: readonly (number | string)[] | undefined,
): SignatureMatch | undefined {
  // Indexed loops: an iterator loop's bytecode is several times larger (decision 163).
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as Key;
    const digest = digestOf(definition, key, parts.message);
    if (matchesAny(digest, candidates, only, key)) return { key, digest, message: parts.message };
    if (parts.alternatives !== undefined) {
      const match = matchedAlternative(definition, key, parts.alternatives, candidates, only);
      if (match !== undefined) return match;
    }
  }
  return undefined;
}

/** The other messages a scheme accepts (Twilio's URL with its port), under one key. */
function matchedAlternative(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  key: Key,
  alternatives: readonly (readonly MessagePart[])[],
  candidates: readonly DecodedSignature[],
  only: readonly (number | string)[] | undefined,
): SignatureMatch | undefined {
  for (const message of alternatives) {
    const digest = digestOf(definition, key, message);
    if (matchesAny(digest, candidates, only, key)) return { key, digest, message };
  }
  return undefined;
}

function missingSignature(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  parts: SignedMessage,
): WebhookVerificationError {
  return new WebhookVerificationError('missing_signature', `${parts.signatureSource} is missing.`, {
    provider: definition.name,
  });
}

function undecodableSignature(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  parts: SignedMessage,
): WebhookVerificationError {
  return new WebhookVerificationError(
    'invalid_signature',
    `${parts.signatureSource} cannot be decoded; expected ${definition.signatureFormat}.`,
    { provider: definition.name },
  );
}

function signatureMismatch(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  parts: SignedMessage,
  keys: readonly Key[],
): WebhookVerificationError {
  return new WebhookVerificationError(
    'invalid_signature',
    mismatchMessage(parts, keys, isHmacAlgorithm(definition.algorithm)),
    { provider: definition.name },
  );
}

/**
 * The algorithm a message is checked with: the one the request names (AWS SNS's
 * `SignatureVersion`), where the scheme reads one, else the scheme's. Only a public-key
 * scheme may name one, and only a public-key algorithm: a MAC scheme's digest never changes.
 */
export function signingAlgorithm(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  parts: SignedMessage,
): WebhookDefinition<unknown, unknown, unknown>['algorithm'] {
  if (parts.algorithm === undefined) return definition.algorithm;
  if (isHmacAlgorithm(definition.algorithm))
    throw new TypeError(
      `[hookguard] ${definition.name}: only a public-key scheme may name a message's algorithm.`,
    );
  return parts.algorithm;
}

/**
 * Public-key schemes: the key, message and received signature that verify, if any. The
 * matched signature stands where a MAC scheme's digest does (the replay key is the message's
 * hash for these schemes, since an ECDSA signature can be re-encoded into another valid one).
 */
function verifiedBy(
  algorithm: SignatureAlgorithm,
  keys: readonly Key[],
  parts: SignedMessage,
  candidates: readonly DecodedSignature[],
  only: readonly (number | string)[] | undefined,
): SignatureMatch | undefined {
  const messages = [parts.message, ...(parts.alternatives ?? [])].map((message) => ({
    message,
    pieces: message.map((part) => part.value),
  }));
  for (const key of keys)
    for (const { message, pieces } of messages)
      for (let index = 0; index < candidates.length; index++) {
        const candidate = candidates[index] as DecodedSignature;
        if (
          (only === undefined || only[index] === key.id) &&
          verifySignature(algorithm, key.bytes, pieces, candidate.bytes)
        )
          return { key, digest: candidate.bytes, message };
      }
  return undefined;
}

function mismatchMessage(
  parts: SignedMessage,
  keys: readonly Key[],
  sharedSecret: boolean,
): string {
  const credential = sharedSecret ? 'secret' : 'public key';
  const hints = [
    `${parts.signatureSource} does not match.`,
    ...(parts.mismatchHint === undefined ? [] : [parts.mismatchHint]),
    // A shared token signs nothing (an empty message): the body cannot be the cause.
    parts.message.length === 0
      ? `Check that the ${credential} is the one for this account and environment.`
      : `Check that the verifier gets the body exactly as received (no body parser or JSON re-serialisation before it) and that the ${credential} is the one for this account and environment.`,
  ];
  const padded = keys.filter((key) => key.hasOuterWhitespace).map((key) => String(key.id));
  if (padded.length > 0) {
    hints.push(`The configured secret ${padded.join(', ')} has leading or trailing whitespace.`);
  }
  return hints.join(' ');
}

/** Whether the digest is one of the candidates that `key` may match. */
function matchesAny(
  digest: Uint8Array,
  candidates: readonly DecodedSignature[],
  only: readonly (number | string)[] | undefined,
  key: Key,
): boolean {
  for (let index = 0; index < candidates.length; index++)
    if (
      (only === undefined || only[index] === key.id) &&
      constantTimeEqual(digest, (candidates[index] as DecodedSignature).bytes)
    )
      return true;
  return false;
}

const NO_ITEMS: readonly SignatureMatch[] = Object.freeze([]);

/**
 * Every further item of a request (Adyen's batch) under the key that matched its own
 * message: one sender signed them all with one key. The first item that is unsigned or does
 * not match refuses the whole request (`missing_signature`, `invalid_signature`).
 */
export function matchItems(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  key: Key,
  parts: SignedParts<unknown>,
): readonly SignatureMatch[] {
  return parts.items === undefined
    ? NO_ITEMS
    : parts.items.map((item) => matchSignature(definition, [key], item));
}

/** What a received signature is compared with for one key: the HMAC, unless the scheme says otherwise. */
export function digestOf(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  key: Key,
  message: readonly MessagePart[],
): Uint8Array {
  if (definition.digest !== undefined) return definition.digest(key, message);
  const algorithm = definition.algorithm;
  if (!isHmacAlgorithm(algorithm))
    throw new TypeError(`[hookguard] ${definition.name}: a public-key scheme has no digest.`);
  return hmacDigest(algorithm, key.bytes, message);
}

/** Everything `verify` checks before the replay store: signature, timestamp, payload. */
export function checkRequest<TPayload>(
  definition: WebhookDefinition<TPayload, unknown, unknown>,
  request: WebhookRequest,
  nowMs: number,
  bodyLimit?: number,
  headChecked = false,
): CheckedRequest<TPayload> {
  const incoming = openRequest(definition, request, bodyLimit, headChecked);
  const checked = checkOpened(definition, incoming, nowMs);
  if (checked instanceof WebhookVerificationError) throw checked;
  return checked;
}

/**
 * {@link checkRequest} on a request already opened (the handshake path reads it first). A
 * signature that does not match and a timestamp out of tolerance, the refusals a forged or
 * replayed request meets after the HMAC, are handed back, not thrown (decision 172); a
 * request that cannot be read at all is still thrown out where it is found.
 */
export function checkOpened<TPayload>(
  definition: WebhookDefinition<TPayload, unknown, unknown>,
  incoming: IncomingWebhook,
  nowMs: number,
): CheckedRequest<TPayload> | WebhookVerificationError {
  const parts = definition.read(incoming);
  const keys = selectKeys(definition, parts, nowMs);
  const match = signatureMatch(definition, keys, parts);
  if (match instanceof WebhookVerificationError) return match;
  const { key, digest, message } = match;
  const items = matchItems(definition, key, parts);
  if (parts.timestamp !== undefined) {
    const stale = toleranceRefusal(parts.timestamp, definition.tolerance, nowMs, definition.name);
    if (stale !== undefined) return stale;
  }
  return { parts, key, digest, message, items, body: incoming.body, payload: parts.payload() };
}
