import { WebhookVerificationError } from '../errors.js';

/** The default window, in seconds, in both directions (past and future). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A signed timestamp as received, and its instant when it could be read. */
export interface ReceivedTimestamp {
  /** The exact text that was signed. */
  readonly raw: string;
  /** Epoch milliseconds, or undefined when the text is not a valid timestamp of its format. */
  readonly ms: number | undefined;
  /** The format expected, for messages: `epoch milliseconds`, `ISO-8601 with a zone`… */
  readonly format: string;
}

/** 1 to 16 ASCII digits (`/^\d{1,16}$/`), read as a number; anything else is NaN. */
function digits(raw: string): number {
  if (raw.length === 0 || raw.length > 16) return Number.NaN;
  let value = 0;
  for (let i = 0; i < raw.length; i++) {
    const digit = raw.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  // Past 2^53 the sum above may round differently from Number(raw); isSafeInteger refuses
  // both alike.
  return value;
}

function epoch(raw: string, unitMs: number, format: string): ReceivedTimestamp {
  const ms = digits(raw) * unitMs;
  return { raw, ms: Number.isSafeInteger(ms) ? ms : undefined, format };
}

/** A timestamp in epoch milliseconds (Cashfree, Fiserv). */
export function epochMillis(raw: string): ReceivedTimestamp {
  return epoch(raw, 1, 'epoch milliseconds');
}

/** A timestamp in epoch seconds (Stripe, Slack, Standard Webhooks). */
export function epochSeconds(raw: string): ReceivedTimestamp {
  return epoch(raw, 1000, 'epoch seconds');
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses `YYYY-MM-DDTHH:mm:ss[.fraction](Z|±HH:mm)` strictly: impossible dates such as
 * February 30, which `Date.parse` silently rolls over, are refused. Returns epoch ms.
 */
export function parseIsoInstant(
  raw: string,
  options: { utcOnly?: boolean; fraction?: boolean } = {},
): number | undefined {
  const match = ISO.exec(raw);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, oh, om] = match;
  if (options.utcOnly === true && zulu === undefined) return undefined;
  if (options.fraction === false && fraction !== undefined) return undefined;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (zulu === undefined) {
    const offsetHours = Number(oh);
    const offsetMins = Number(om);
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const millis = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

/** An ISO-8601 timestamp with a zone (Smile ID). */
export function isoWithZone(raw: string): ReceivedTimestamp {
  return {
    raw,
    ms: parseIsoInstant(raw),
    format: 'ISO-8601 with a zone, such as 2022-04-03T21:31:47.296Z',
  };
}

/** `yyyy-MM-ddTHH:mm:ssZ`, UTC, whole seconds (Ethoca's `X-Eth-Date`). */
export function isoUtcSeconds(raw: string): ReceivedTimestamp {
  return {
    raw,
    ms: parseIsoInstant(raw, { utcOnly: true, fraction: false }),
    format: 'UTC yyyy-MM-ddTHH:mm:ssZ',
  };
}

/** Formats epoch ms as `yyyy-MM-ddTHH:mm:ssZ`. */
export function formatIsoUtcSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Validates a `tolerance` option: seconds (a finite number ≥ 0), or `false` to disable the
 * check. Bad configuration is a `TypeError` when the scheme is created.
 */
export function resolveTolerance(
  tolerance: number | false | undefined,
  scheme: string,
): number | false {
  if (tolerance === undefined) return DEFAULT_TOLERANCE_SECONDS;
  if (tolerance === false) return false;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new TypeError(
      `[hookguard] ${scheme}: tolerance must be a number of seconds ≥ 0, or false to disable the check.`,
    );
  }
  return tolerance;
}

/**
 * Refuses a timestamp further than `tolerance` seconds from now, in either direction. A
 * timestamp that cannot be read is refused too: its age cannot be shown to be acceptable.
 */
export function assertWithinTolerance(
  timestamp: ReceivedTimestamp,
  tolerance: number | false,
  nowMs: number,
  provider: string,
): void {
  const refusal = toleranceRefusal(timestamp, tolerance, nowMs, provider);
  if (refusal !== undefined) throw refusal;
}

/**
 * {@link assertWithinTolerance}'s refusal as a value, undefined when the timestamp is within
 * the tolerance: a replayed old delivery is refused without a throw (decision 172).
 */
export function toleranceRefusal(
  timestamp: ReceivedTimestamp,
  tolerance: number | false,
  nowMs: number,
  provider: string,
): WebhookVerificationError | undefined {
  if (tolerance === false) return undefined;
  if (timestamp.ms === undefined) return unreadableTimestamp(timestamp, provider);
  const skewMs = nowMs - timestamp.ms;
  if (Math.abs(skewMs) > tolerance * 1000) return outOfTolerance(skewMs, tolerance, provider);
  return undefined;
}

// Refusals made out of line, so the check above stays small enough to inline (decision 163).
function unreadableTimestamp(
  timestamp: ReceivedTimestamp,
  provider: string,
): WebhookVerificationError {
  return new WebhookVerificationError(
    'timestamp_out_of_tolerance',
    `the timestamp ${JSON.stringify(timestamp.raw.slice(0, 64))} is not a valid ${timestamp.format}.`,
    { provider },
  );
}

function outOfTolerance(
  skewMs: number,
  tolerance: number,
  provider: string,
): WebhookVerificationError {
  const seconds = Math.round(Math.abs(skewMs) / 1000);
  const direction = skewMs > 0 ? 'old' : 'in the future';
  return new WebhookVerificationError(
    'timestamp_out_of_tolerance',
    `the timestamp is ${seconds} s ${direction}; the tolerance is ${tolerance} s. Check the server clock (NTP) or the vendor's retry delay.`,
    { provider },
  );
}
