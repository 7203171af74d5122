import { digestOf, matchSignature, openRequest, selectKeys } from './check-request.js';
import { encodeDigest, utf8Text } from './crypto/encoding.js';
import { algorithmLabel, isHmacAlgorithm, messageBytes } from './crypto/hmac.js';
import { hasSyncCrypto, needsAsync, runWithCrypto } from './crypto/run-with-crypto.js';
import { isWebhookVerificationError, type WebhookErrorCode } from './errors.js';
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
    | 'signature inputs'
    | 'key id'
    | 'signature'
    | 'timestamp'
    | 'payload';
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

/** A received signature and what it decodes to. */
export interface ExplainedSignature {
  /** As received, invisible characters made visible. */
  readonly received: string;
  /** Each reading of it as digest bytes; empty when it cannot be decoded. */
  readonly decoded: readonly { readonly form: string; readonly hex: string }[];
}

/** Everything needed to see why a signature does or does not match. Never the secret. */
export interface Explanation {
  readonly scheme: string;
  /** Such as `HMAC-SHA256`. */
  readonly algorithm: string;
  /** The first failed check's code, or null when `verify` would accept the request (replays aside). */
  readonly verdict:
    | { readonly ok: true; readonly matchedKey: number | string }
    | { readonly ok: false; readonly code: WebhookErrorCode; readonly message: string };
  readonly checks: readonly ExplainedCheck[];
  /** The exact string to sign, when the request carried its inputs. */
  readonly stringToSign?: {
    /** Invisible characters made visible (`\n` between Ethoca's lines, for example). */
    readonly text: string;
    readonly byteLength: number;
    readonly parts: readonly { readonly label: string; readonly value: string }[];
  };
  readonly keys: readonly ExplainedKey[];
  readonly received: readonly ExplainedSignature[];
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
  return explainWith(definition, request, options, (options.now ?? Date.now)());
}

/**
 * {@link explain} on every runtime: the same explanation, from Web Crypto where the runtime
 * has no `node:crypto` (workerd, Vercel Edge, Deno, Bun), at once on Node.
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
  return runWithCrypto(() => explainWith(definition, request, options, nowMs));
}

function explainWith(
  definition: WebhookDefinition<unknown, unknown, unknown>,
  request: WebhookRequest,
  options: ExplainOptions,
  nowMs: number,
): Explanation {
  const checks: ExplainedCheck[] = [];
  const attempt = <T>(check: ExplainedCheck['check'], step: () => T): T | undefined => {
    try {
      const value = step();
      checks.push({ check, outcome: 'passed' });
      return value;
    } catch (error) {
      if (!isWebhookVerificationError(error)) throw error;
      checks.push({ check, outcome: 'failed', code: error.code, message: error.message });
      return undefined;
    }
  };
  const base = {
    scheme: definition.name,
    algorithm: definition.algorithmLabel ?? algorithmLabel(definition.algorithm),
  };
  const finish = (
    extra: Partial<Explanation> & Pick<Explanation, 'keys' | 'received'>,
    matchedKey?: number | string,
  ): Explanation => {
    for (const check of CHECK_ORDER.slice(checks.length))
      checks.push({ check, outcome: 'not reached' });
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
  const parts: SignedParts<unknown> | undefined = attempt('signature inputs', () =>
    definition.read(incoming),
  );
  if (parts === undefined) return finish({ keys: [], received: [] });

  const bytes = messageBytes(parts.message);
  const stringToSign = {
    text: visible(utf8Text(bytes)),
    byteLength: bytes.length,
    parts: parts.message
      .filter((part) => part.label !== 'newline')
      .map((part) => ({ label: part.label, value: visible(utf8Text(part.value)) })),
  };
  // A flag of the scheme, not a signature: a plain boolean test.
  const signatureIsSecret = definition.signatureIsSecret ?? false;
  const hideReceived = signatureIsSecret ? conceal : (value: string) => value;
  const received = parts.signatures.map((signature) => ({
    received: hideReceived(visible(signature)),
    decoded: definition.decode(signature).map((candidate) => ({
      form: candidate.form,
      hex: hideReceived(encodeDigest(candidate.bytes, 'hex')),
    })),
  }));
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
  const extra = { stringToSign, received, ...(timestamp === undefined ? {} : { timestamp }) };

  const keys: readonly Key[] | undefined = attempt('key id', () => selectKeys(definition, parts));
  if (keys === undefined) return finish({ ...extra, keys: [] });
  const match = attempt('signature', () => matchSignature(definition, keys, parts));
  const publicKeyScheme = !isHmacAlgorithm(definition.algorithm);
  const explainedKeys = keys.map((key): ExplainedKey => {
    // Nothing is computed per key but the verification `matchSignature` already did.
    if (publicKeyScheme)
      return { key: key.id, forms: [], matches: match?.key === key, revealed: true };
    const digest = digestOf(definition, key, parts.message);
    const matches = match?.key === key;
    // Where the signature is the secret itself (Flutterwave), nothing expected is ever shown.
    const revealed = !signatureIsSecret && (matches || options.revealExpected === true);
    const show = revealed ? (value: string) => value : signatureIsSecret ? conceal : mask;
    const forms = definition.encode(digest).map((form) => ({
      form: form.form,
      steps: form.steps.map((step) => ({ label: step.label, value: show(step.value) })),
    }));
    return { key: key.id, digestHex: show(encodeDigest(digest, 'hex')), forms, matches, revealed };
  });
  if (match === undefined) return finish({ ...extra, keys: explainedKeys });
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
  if (checks.at(-1)?.outcome !== 'failed') attempt('payload', () => parts.payload());
  return finish({ ...extra, keys: explainedKeys }, match.key.id);
}
