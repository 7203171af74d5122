import { platform } from '#platform';
import { isWebhookVerificationError, type WebhookErrorCode } from '../errors.js';
import type { DiagnosticsChannel } from '../platform/platform.js';
import type { VerifiedWebhook, WebhookOutcome } from '../verify.js';

/**
 * The `node:diagnostics_channel` channels every verification is published on. Each
 * verification publishes one message object to `start`, then the same object, completed,
 * to `end` (accepted, or a handshake answered) or to `error` (refused): a subscriber can
 * key what it keeps (a span) by the object. Nothing is built or published while no channel
 * has a subscriber.
 *
 * @example
 * ```ts
 * import { subscribe } from 'node:diagnostics_channel';
 * import { VERIFY_CHANNELS, type VerifyErrorMessage } from '@hookguard/core';
 *
 * subscribe(VERIFY_CHANNELS.error, (message) => {
 *   const { provider, code, durationMs } = message as VerifyErrorMessage;
 *   console.warn(`${provider} refused: ${code} after ${durationMs.toFixed(1)} ms`);
 * });
 * ```
 */
export const VERIFY_CHANNELS = {
  start: 'hookguard:verify:start',
  end: 'hookguard:verify:end',
  error: 'hookguard:verify:error',
} as const;

/**
 * What became of the delivery's replay protection: `claimed` in the store (settled once
 * handled), `unprotected` (the store failed and `failOpen` let it through), `off` (no
 * store configured, or a handshake, which is never claimed).
 */
export type ReplayStatus = 'claimed' | 'unprotected' | 'off';

/**
 * Published on `hookguard:verify:start`. Carries no byte of the request: no body, header,
 * signature or key material, here or in the end and error messages that complete it.
 */
export interface VerifyStartMessage {
  /** The scheme's name (`stripe`, `cashfree.webhook`), as in results and errors. */
  readonly provider: string;
  /** `performance.now()` when the verification started, in milliseconds. */
  readonly startTime: number;
}

/** Published on `hookguard:verify:end`: the start message, completed. */
export interface VerifyEndMessage extends VerifyStartMessage {
  /** `accepted`: a verified delivery; `handshake`: a vendor's handshake, answered. */
  readonly outcome: 'accepted' | 'handshake';
  /**
   * The configured key that matched: its index in the list of secrets (0 is the first, so
   * a higher index means a request still signed with an older secret during a rotation),
   * or its key id. Undefined for a handshake the core answered.
   */
  readonly matchedKey: number | string | undefined;
  readonly replay: ReplayStatus;
  /** Milliseconds from start to end. */
  readonly durationMs: number;
}

/** Published on `hookguard:verify:error`: the start message, completed. */
export interface VerifyErrorMessage extends VerifyStartMessage {
  readonly outcome: 'rejected';
  /**
   * The refusal's stable code (see docs/errors.md); undefined when the verification threw
   * something other than a refusal (a bug, a runtime failure), which reaches the caller.
   */
  readonly code: WebhookErrorCode | undefined;
  /** The HTTP status the refusal is answered with; undefined with `code`. */
  readonly status: number | undefined;
  /**
   * `verify`: refused by the core's checks. `read`: refused by the adapter before
   * verification (media type, body over the limit, an unreadable body), published by the
   * adapter kit just before it logs the refusal.
   */
  readonly stage: 'read' | 'verify';
  /** Milliseconds from start to the refusal (0 for the `read` stage). */
  readonly durationMs: number;
}

/** The one object a verification publishes, filled in as it completes. */
interface Trace {
  readonly provider: string;
  readonly startTime: number;
  outcome: 'accepted' | 'handshake' | 'rejected' | undefined;
  matchedKey: number | string | undefined;
  replay: ReplayStatus | undefined;
  code: WebhookErrorCode | undefined;
  status: number | undefined;
  stage: 'read' | 'verify' | undefined;
  durationMs: number | undefined;
}

/** A verification's trace, or undefined when nobody listens (nothing was allocated). */
export type VerificationTrace = Trace | undefined;

const SILENT: DiagnosticsChannel = { hasSubscribers: false, publish() {} };
const named = (name: string) => platform.channel?.(name) ?? SILENT;
const startChannel = named(VERIFY_CHANNELS.start);
const endChannel = named(VERIFY_CHANNELS.end);
const errorChannel = named(VERIFY_CHANNELS.error);

/**
 * Errors already published as refusals, so that the adapter kit does not publish one again
 * when the adapter reports it (only filled while someone listens).
 */
const published = new WeakSet<object>();

function listening(): boolean {
  return startChannel.hasSubscribers || endChannel.hasSubscribers || errorChannel.hasSubscribers;
}

function started(provider: string): Trace {
  const trace: Trace = {
    provider,
    startTime: performance.now(),
    outcome: undefined,
    matchedKey: undefined,
    replay: undefined,
    code: undefined,
    status: undefined,
    stage: undefined,
    durationMs: undefined,
  };
  if (startChannel.hasSubscribers) startChannel.publish(trace);
  return trace;
}

function failed(trace: Trace, error: unknown, stage: 'read' | 'verify'): void {
  trace.outcome = 'rejected';
  trace.stage = stage;
  if (isWebhookVerificationError(error)) {
    trace.code = error.code;
    trace.status = error.status;
  }
  trace.durationMs = stage === 'read' ? 0 : performance.now() - trace.startTime;
  if (error !== null && typeof error === 'object') published.add(error);
  if (errorChannel.hasSubscribers) errorChannel.publish(trace);
}

/** The scheme's name, read without throwing: `verify` itself refuses a non-scheme. */
function nameOf(scheme: unknown): string {
  const name = (scheme as { readonly name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' ? name : 'unknown';
}

/**
 * Publishes a verification's start, when anyone listens: the hot path's only cost while
 * nobody does is this check (no allocation, no clock read, no promise added).
 */
export function verificationStarted(scheme: unknown): VerificationTrace {
  return listening() ? started(nameOf(scheme)) : undefined;
}

function ended(
  trace: Trace,
  outcome: 'accepted' | 'handshake',
  matchedKey: number | string | undefined,
  replay: ReplayStatus,
): void {
  trace.outcome = outcome;
  trace.matchedKey = matchedKey;
  trace.replay = replay;
  trace.durationMs = performance.now() - trace.startTime;
  if (endChannel.hasSubscribers) endChannel.publish(trace);
}

function accepted(trace: Trace, webhook: VerifiedWebhook<unknown>, claiming: boolean): void {
  // A signed handshake handed to the handler (`handshakes: 'pass'`) is never claimed.
  const replay = replayStatusOf(claiming && webhook.handshake === undefined, webhook.replayClaim);
  ended(trace, 'accepted', webhook.matchedKey, replay);
}

/** Publishes a verification's refusal (or whatever else it threw), and passes it on. */
function refused(trace: Trace, error: unknown): never {
  failed(trace, error, 'verify');
  throw error;
}

/** `verifying`, publishing its end or its refusal. `claiming`: a replay store is set. */
export function tracedWebhook<TPayload>(
  trace: Trace,
  verifying: Promise<VerifiedWebhook<TPayload>>,
  claiming: boolean,
): Promise<VerifiedWebhook<TPayload>> {
  return verifying.then(
    (webhook) => {
      accepted(trace, webhook, claiming);
      return webhook;
    },
    (error: unknown) => refused(trace, error),
  );
}

/** `answering`, publishing its end (a handshake answered, or a verified delivery) or refusal. */
export function tracedOutcome<TPayload>(
  trace: Trace,
  answering: Promise<WebhookOutcome<TPayload>>,
  claiming: boolean,
): Promise<WebhookOutcome<TPayload>> {
  return answering.then(
    (outcome) => {
      if (outcome.kind === 'handshake') ended(trace, 'handshake', undefined, 'off');
      else accepted(trace, outcome.webhook, claiming);
      return outcome;
    },
    (error: unknown) => refused(trace, error),
  );
}

/**
 * Publishes a refusal the adapter made before verifying (media type, body size, unreadable
 * body) as a start and an error at once, unless the core already published it.
 */
export function refusalReported(provider: string, error: unknown): void {
  if (!listening() || (error !== null && typeof error === 'object' && published.has(error))) {
    return;
  }
  failed(started(provider), error, 'read');
}

/**
 * Replay protection as it ended for a verified delivery: whether it was to be claimed (a
 * store is configured and it is no handshake) and whether it was.
 */
export function replayStatusOf(claiming: boolean, claim: object | undefined): ReplayStatus {
  if (!claiming) return 'off';
  return claim === undefined ? 'unprotected' : 'claimed';
}
