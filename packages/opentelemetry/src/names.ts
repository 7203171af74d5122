/** The name spans are given, one per verification. */
export const SPAN_NAME = 'hookguard.verify';

/** The attributes set on spans and metric points. None holds a byte of the request. */
export const ATTRIBUTES = {
  /** The scheme's name: `stripe`, `cashfree.webhook`. */
  provider: 'hookguard.provider',
  /** `accepted`, `handshake` (a vendor's handshake answered) or `rejected`. */
  outcome: 'hookguard.outcome',
  /** A refusal's stable code (`invalid_signature`…), as in docs/errors.md. */
  code: 'hookguard.code',
  /** `verify` (refused by the checks) or `read` (by the adapter, before verifying). */
  stage: 'hookguard.stage',
  /** The configured key that matched: its index in the list of secrets, or its key id. */
  matchedKey: 'hookguard.key.matched',
  /** True when the matched key is not the first configured one: a rotation in progress. */
  secondaryKey: 'hookguard.key.secondary',
  /** `claimed`, `unprotected` (store failed, `failOpen`) or `off`. */
  replay: 'hookguard.replay',
  /** OpenTelemetry's general error attribute: the code, or `_OTHER` for a non-refusal. */
  errorType: 'error.type',
} as const;

/** The instruments, all from the meter named `@hookguard/opentelemetry`. */
export const METRICS = {
  /** Counter of verifications, by provider, outcome and (refusals) code. */
  verifications: 'hookguard.verifications',
  /** Counter of deliveries accepted with a key other than the first, by provider and key. */
  secondaryKeyMatches: 'hookguard.secondary_key_matches',
  /** Histogram of verification time in seconds, by provider and outcome. */
  duration: 'hookguard.verification.duration',
} as const;

/** The tracer's and meter's name (the instrumentation scope). */
export const INSTRUMENTATION_SCOPE = '@hookguard/opentelemetry';
