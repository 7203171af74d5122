import {
  digestOf,
  matchSignature,
  openRequest,
  selectKeys,
  signingAlgorithm,
} from './check-request.js';
import { encodeDigest, utf8Text } from './crypto/encoding.js';
import { algorithmLabel, isHmacAlgorithm, type MessagePart, messageBytes } from './crypto/hmac.js';
import { hasSyncCrypto, needsAsync, runWithCrypto } from './crypto/run-with-crypto.js';
import { isWebhookVerificationError, type WebhookErrorCode } from './errors.js';
import {
  type AnsweredHandshake,
  answerSigned,
  answerUnsigned,
} from './handshake/answer-handshake.js';
import type { HandshakeReply } from './handshake/handshake.js';
import { KeyPending, runWithKeys } from './keys/fetched-keys.js';
import type { Key } from './keys/key-ring.js';
import type { IncomingWebhook, WebhookRequest } from './request/incoming-webhook.js';
import {
  type EncodedForm,
  type SignedParts,
  type WebhookDefinition,
  type WebhookScheme,
  webhookDefinitionOf,
} from './scheme.js';
import { assertWithinTolerance } from './time/timestamps.js';
import { visible } from './visible.js';

/** Options for {@link explain}. */
export interface ExplainOptions {
  /** Clock in epoch milliseconds, like `Date.now` (the default). */
  readonly now?: () => number;
  /**
   * Show the expected digest and signatures in full even for a key that did not match.
   * Default false: they are masked to their first characters, because a full expected
   * signature for a request that was *not* validly signed is a forgery. Only on a machine
   * you trust, for your own captured requests.
   */
  readonly revealExpected?: boolean;
}

/** One check `verify` makes, in order, and how it went. */
export interface ExplainedCheck {
  readonly check:
    | 'media type'
    | 'handshake'
    | 'signature inputs'
    | 'key id'
    | 'signature'
    | 'item signature'
    | 'timestamp'
    | 'payload';
  /** For `item signature`: which further item ({@link ExplainedItem.item}). */
  readonly item?: number;
  readonly outcome: 'passed' | 'failed' | 'not reached';
  readonly code?: WebhookErrorCode;
  readonly message?: string;
}

/**
 * One configured key: for a MAC scheme its digest and each form it is sent in; for a
 * public-key scheme whether a received signature verifies with it.
 */
export interface ExplainedKey {
  /** The key's index or key id; never the secret. */
  readonly key: number | string;
  /** The expected digest, hex; absent for a public-key scheme, which has none to compare. */
  readonly digestHex?: string;
  readonly forms: readonly EncodedForm[];
  readonly matches: boolean;
  /**
   * False when `digestHex` and the forms are masked (`nRJe… (27 characters)`): the key did
   * not match and `revealExpected` was not set.
   */
  readonly revealed: boolean;
}

/** A handshake the request is (see `Handshake`), and the answer the adapters send. */
export interface ExplainedHandshake {
  /** Such as `slack.url_verification`. */
  readonly name: string;
  readonly signed: boolean;
  readonly arrives: string;
  readonly reply: HandshakeReply;
}

/** A received signature and what it decodes to. */
export interface ExplainedSignature {
  /** As received, invisible characters made visible. */
  readonly received: string;
  /** Each reading of it as digest bytes; empty when it cannot be decoded. */
  readonly decoded: readonly { readonly form: string; readonly hex: string }[];
}

/** The exact string a signature covers, as `explain` shows it. */
export interface ExplainedString {
  /** Invisible characters made visible (`\n` between Ethoca's lines, for example). */
  readonly text: string;
  readonly byteLength: number;
  readonly parts: readonly { readonly label: string; readonly value: string }[];
}

/**
 * A further signed item of the request (the items of an Adyen batch after the first), shown
 * as the request's own message is: each must match under the key that matched the first.
 */
export interface ExplainedItem {
  /** Its place among the request's signed items: 1 for the first further one. */
  readonly item: number;
  /** Where its signature is: `additionalData.hmacSignature in notificationItems[1]`. */
  readonly source: string;
  readonly stringToSign: ExplainedString;
  readonly received: readonly ExplainedSignature[];
  /** The key that matched the first item, and this item's expected digest under it. */
  readonly key?: ExplainedKey;
}

/** Everything needed to see why a signature does or does not match. Never the secret. */
export interface Explanation {
  readonly scheme: string;
  /** Such as `HMAC-SHA256`. */
  readonly algorithm: string;
  /** The first failed check's code, or null when `verify` would accept the request (replays aside). */
  readonly verdict:
    | { readonly ok: true; readonly matchedKey: number | string }
    /** An unsigned handshake (Meta's GET challenge): answered before any signature check. */
    | { readonly ok: true; readonly handshake: string }
    | { readonly ok: false; readonly code: WebhookErrorCode; readonly message: string };
  /**
   * The vendor's handshake this request is, and what the adapters answer it with: a signed
   * one once it verified, an unsigned one before any signature check.
   */
  readonly handshake?: ExplainedHandshake;
  readonly checks: readonly ExplainedCheck[];
  /** The exact string to sign, when the request carried its inputs. */
  readonly stringToSign?: ExplainedString;
  readonly keys: readonly ExplainedKey[];
  readonly received: readonly ExplainedSignature[];
  /** The further signed items the request carries (an Adyen batch), each a step of its own. */
  readonly items?: readonly ExplainedItem[];
  readonly timestamp?: {
    readonly received: string;
    /** The instant as ISO-8601, when it could be read. */
    readonly iso?: string;
    /** Seconds between the timestamp and now; positive when it is in the past. */
    readonly ageSeconds?: number;
    readonly tolerance: number | false;
  };
}

const CHECK_ORDER: readonly ExplainedCheck['check'][] = [
  'media type',
  'signature inputs',
  'key id',
  'signature',
  'timestamp',
  'payload',
];

const SHOWN_CHARACTERS = 4;

/** `nRJe-WId_d…` → `nRJe… (27 characters)`: enough to compare a prefix, not to forge. */
function mask(value: string): string {
  return `${value.slice(0, SHOWN_CHARACTERS)}… (${value.length} characters)`;
}

/** Where the signature is the secret itself (Flutterwave), not even a prefix is shown. */
function conceal(value: string): string {
  return `hidden, the signature is a secret (${value.length} characters)`;
}

/**
 * Explains how `verify` sees a request, for debugging a mismatch: the exact string to
 * sign with invisible characters made visible, the algorithm, the digest in hex with each
 * encoding step for every configured key, what the received signature decodes to, and
 * which check failed. It never shows a secret. Expected values are shown in full for a key
 * that matched (the sender already sent them); for the others they are masked to a prefix
 * unless `revealExpected` is set, so an explanation of a forged request is not a forgery.
 *
 * @example
 * ```ts
 * console.log(formatExplanation(explain(scheme, capturedRequest)));
 * ```
 */
export function explain(
  scheme: WebhookScheme<unknown, unknown, unknown>,
  request: WebhookRequest,
  options: ExplainOptions = {},
): Explanation {
  const definition = webhookDefinitionOf(scheme);
  if (!hasSyncCrypto()) throw needsAsync('explain()', 'explainAsync()');
  try {
    return explainWith(definition, request, options, (options.now ?? Date.now)());
  } catch (error) {
    if (!(error instanceof KeyPending)) throw error;
    throw new TypeError(
      `[hookguard] explain(): ${definition.name} fetches its keys from the vendor, which takes a network call; use explainAsync().`,
    );
  }
}

/**
 * {@link explain} on every runtime: the same explanation, from Web Crypto where the runtime
 * has no `node:crypto` (workerd, Vercel Edge, Deno, Bun), at once on Node; and for a scheme
 * whose keys are fetched from the vendor (PayPal), once the key has loaded; a key that could
 * not be fetched is the failed `key id` step (`key_unavailable`), not a rejection.
 *
 * @example
 * ```ts
 * console.log(formatExplanation(await explainAsync(scheme, capturedRequest)));
 * ```
 */
export async function explainAsync(
  scheme: WebhookScheme<unknown, unknown, unknown>,
  request: WebhookRequest,
  options: ExplainOptions = {},
): Promise<Explanation> {
  const definition = webhookDefinitionOf(scheme);
  const nowMs = (options.now ?? Date.now)();
  const explained = (from: WebhookDefinition<unknown, unknown, unknown>) =>
    runWithKeys(() => runWithCrypto(() => explainWith(from, request, options, nowMs)));
  if (definition.keysFor === undefined) return explained(definition);
  try {
    return await explained(definition);
  } catch (error) {
    // The key could not be fetched (the vendor's server down, a document that is no key):
    // explained again with that failure as the key step's outcome, so the trace still
    // shows what was read and which step failed, as for any other refusal.
    if (!isWebhookVerificationError(error) || error.code !== 'key_unavailable') throw error;
    return explained({
      ...definition,
      keysFor: () => {
        throw error;
      },
    });
  }
}

function explainWith(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  request: WebhookRequest,
  options: ExplainOptions,
  nowMs: number,
): Explanation {
  const checks: ExplainedCheck[] = [];
  const attempt = <T>(
    check: ExplainedCheck['check'],
    step: () => T,
    item?: { item: number },
  ): T | undefined => {
    try {
      const value = step();
      checks.push({ check, ...item, outcome: 'passed' });
      return value;
    } catch (error) {
      if (!isWebhookVerificationError(error)) throw error;
      checks.push({ check, ...item, outcome: 'failed', code: error.code, message: error.message });
      return undefined;
    }
  };
  let base = {
    scheme: definition.name,
    algorithm: definition.algorithmLabel ?? algorithmLabel(definition.algorithm),
  };
  const finish = (
    extra: Partial<Explanation> & Pick<Explanation, 'keys' | 'received'>,
    matchedKey?: number | string,
  ): Explanation => {
    // Item checks come between 'signature' and 'timestamp', each listed as it is met.
    const reached = checks.filter((check) => check.check !== 'item signature').length;
    for (const check of CHECK_ORDER.slice(reached)) checks.push({ check, outcome: 'not reached' });
    const failed = checks.find((check) => check.outcome === 'failed');
    const verdict =
      failed === undefined
        ? { ok: true as const, matchedKey: matchedKey as number | string }
        : {
            ok: false as const,
            code: failed.code as WebhookErrorCode,
            message: failed.message as string,
          };
    return { ...base, verdict, checks, ...extra };
  };

  const incoming: IncomingWebhook | undefined = attempt('media type', () =>
    openRequest(definition, request),
  );
  if (incoming === undefined) return finish({ keys: [], received: [] });
  const unsigned = explainUnsigned(definition, incoming, base, checks);
  if (unsigned !== undefined) return unsigned;
  const parts: SignedParts<unknown> | undefined = attempt('signature inputs', () =>
    definition.read(incoming),
  );
  if (parts === undefined) return finish({ keys: [], received: [] });
  // The algorithm the request names (AWS SNS's SignatureVersion), once it is read.
  if (parts.algorithm !== undefined)
    base = { ...base, algorithm: algorithmLabel(signingAlgorithm(definition, parts)) };

  const stringToSign = explainString(parts.message);
  // A flag of the scheme, not a signature: a plain boolean test.
  const signatureIsSecret = definition.signatureIsSecret ?? false;
  const hideReceived = signatureIsSecret ? conceal : (value: string) => value;
  const receivedOf = (signatures: readonly string[]): ExplainedSignature[] =>
    signatures.map((signature) => ({
      received: hideReceived(visible(signature)),
      decoded: definition.decode(signature).map((candidate) => ({
        form: candidate.form,
        hex: hideReceived(encodeDigest(candidate.bytes, 'hex')),
      })),
    }));
  const received = receivedOf(parts.signatures);
  const timestamp =
    parts.timestamp === undefined
      ? undefined
      : {
          received: visible(parts.timestamp.raw),
          tolerance: definition.tolerance,
          ...(parts.timestamp.ms === undefined
            ? {}
            : {
                iso: new Date(parts.timestamp.ms).toISOString(),
                ageSeconds: (nowMs - parts.timestamp.ms) / 1000,
              }),
        };
  let extra: Partial<Explanation> & Pick<Explanation, 'received'> = {
    stringToSign,
    received,
    ...(timestamp === undefined ? {} : { timestamp }),
  };

  const keys: readonly Key[] | undefined = attempt('key id', () =>
    selectKeys(definition, parts, nowMs),
  );
  if (keys === undefined) return finish({ ...extra, keys: [] });
  const match = attempt('signature', () => matchSignature(definition, keys, parts));
  const publicKeyScheme = !isHmacAlgorithm(definition.algorithm);
  const explainKey = (
    key: Key,
    message: readonly MessagePart[],
    matches: boolean,
  ): ExplainedKey => {
    // Nothing is computed per key but the verification `matchSignature` already did.
    if (publicKeyScheme) return { key: key.id, forms: [], matches, revealed: true };
    const digest = digestOf(definition, key, message);
    // Where the signature is the secret itself (Flutterwave), nothing expected is ever shown.
    const revealed = !signatureIsSecret && (matches || options.revealExpected === true);
    const show = revealed ? (value: string) => value : signatureIsSecret ? conceal : mask;
    const forms = definition.encode(digest).map((form) => ({
      form: form.form,
      steps: form.steps.map((step) => ({ label: step.label, value: show(step.value) })),
    }));
    return { key: key.id, digestHex: show(encodeDigest(digest, 'hex')), forms, matches, revealed };
  };
  const explainedKeys = keys.map((key) => explainKey(key, parts.message, match?.key === key));
  // Each further item under the key that matched the first, in order, as verify checks them.
  let itemsPassed = match !== undefined;
  const items = (parts.items ?? []).map((item, index): ExplainedItem => {
    const place = { item: index + 1 };
    if (!itemsPassed) checks.push({ check: 'item signature', ...place, outcome: 'not reached' });
    else
      itemsPassed =
        attempt(
          'item signature',
          () => matchSignature(definition, [match?.key as Key], item),
          place,
        ) !== undefined;
    const matches = checks.at(-1)?.outcome === 'passed';
    return {
      ...place,
      source: item.signatureSource,
      stringToSign: explainString(item.message),
      received: receivedOf(item.signatures),
      ...(match === undefined ? {} : { key: explainKey(match.key, item.message, matches) }),
    };
  });
  if (items.length > 0) extra = { ...extra, items };
  if (match === undefined || !itemsPassed) return finish({ ...extra, keys: explainedKeys });
  const signedTimestamp = parts.timestamp;
  if (signedTimestamp === undefined) {
    checks.push({
      check: 'timestamp',
      outcome: 'passed',
      message: 'this scheme signs no timestamp',
    });
  } else {
    attempt('timestamp', () =>
      assertWithinTolerance(signedTimestamp, definition.tolerance, nowMs, definition.name),
    );
  }
  const payload =
    checks.at(-1)?.outcome === 'failed'
      ? undefined
      : attempt('payload', () => ({
          value: parts.payload(),
        }));
  const signed =
    payload === undefined
      ? undefined
      : answerSigned(definition, incoming, { payload: payload.value, key: match.key });
  const handshake =
    signed === undefined ? {} : { handshake: explainedHandshake(definition, signed) };
  return finish({ ...extra, ...handshake, keys: explainedKeys }, match.key.id);
}

/** A signed string as `explain` shows it: visible, measured, in labelled parts. */
function explainString(message: readonly MessagePart[]): ExplainedString {
  const bytes = messageBytes(message);
  // A part holding a credential is shown as its `display`; the length stays the signed one.
  const shown = message.some((part) => part.display !== undefined)
    ? messageBytes(
        message.map((part) => ({ label: part.label, value: part.display ?? part.value })),
      )
    : bytes;
  return {
    text: visible(utf8Text(shown)),
    byteLength: bytes.length,
    parts: message
      .filter((part) => part.label !== 'newline')
      .map((part) => ({ label: part.label, value: visible(part.display ?? utf8Text(part.value)) })),
  };
}

function explainedHandshake(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  answered: AnsweredHandshake,
): ExplainedHandshake {
  const handshake = definition.handshakes?.find((flow) => flow.name === answered.name);
  return {
    name: answered.name,
    signed: handshake?.signed ?? false,
    arrives: handshake?.arrives ?? '',
    reply: answered.reply,
  };
}

/**
 * An explanation for a request that is one of the scheme's unsigned handshakes, which the
 * adapters answer before any signature check; undefined for any other request.
 */
function explainUnsigned(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  incoming: IncomingWebhook,
  base: Pick<Explanation, 'scheme' | 'algorithm'>,
  checks: ExplainedCheck[],
): Explanation | undefined {
  const notReached = (): ExplainedCheck[] =>
    CHECK_ORDER.slice(1).map((check) => ({ check, outcome: 'not reached' }));
  try {
    const answered = answerUnsigned(definition, incoming);
    if (answered === undefined) return undefined;
    return {
      ...base,
      verdict: { ok: true, handshake: answered.name },
      checks: [...checks, { check: 'handshake', outcome: 'passed' }, ...notReached()],
      handshake: explainedHandshake(definition, answered),
      keys: [],
      received: [],
    };
  } catch (error) {
    if (!isWebhookVerificationError(error)) throw error;
    return {
      ...base,
      verdict: { ok: false, code: error.code, message: error.message },
      checks: [
        ...checks,
        { check: 'handshake', outcome: 'failed', code: error.code, message: error.message },
        ...notReached(),
      ],
      keys: [],
      received: [],
    };
  }
}
