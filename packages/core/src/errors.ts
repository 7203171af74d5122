/**
 * HTTP status for each stable error code. One table, used by every adapter, so the same
 * request is answered the same way whichever framework received it.
 */
export const ERROR_STATUS = {
  missing_signature: 401,
  invalid_signature: 401,
  timestamp_out_of_tolerance: 401,
  replayed: 401,
  delivery_in_progress: 409,
  unknown_key: 401,
  malformed_request: 400,
  body_too_large: 413,
  unsupported_media_type: 415,
  body_already_parsed: 500,
  replay_store_unavailable: 503,
  key_unavailable: 503,
  untrusted_key_url: 401,
  handshake_refused: 403,
  handshake_failed: 503,
  unexpected_sender: 403,
  request_timeout: 408,
  headers_too_large: 431,
  expectation_failed: 417,
} as const;

/** The stable error codes: public API, safe to switch on and to log. */
export type WebhookErrorCode = keyof typeof ERROR_STATUS;

/** Options for {@link WebhookVerificationError}. */
export interface WebhookVerificationErrorOptions {
  /** The scheme that refused the request, such as `cashfree.webhook`. */
  readonly provider?: string | undefined;
  readonly cause?: unknown;
  /** Seconds after which a retry may succeed; sent as `Retry-After` (`delivery_in_progress`). */
  readonly retryAfterSeconds?: number | undefined;
}

const MESSAGE_PREFIX = '[hookguard]';

/**
 * Whether a rejection can be made without a stack trace: `Error.stackTraceLimit` (V8 and
 * JavaScriptCore) exists and is writable (a hardened realm may freeze `Error`). A rejection
 * answers a request; it is not a bug to trace. Its message says what failed, and capturing
 * the stack cost more than the HMAC that refused the request, so a forged request cost 2–3×
 * a valid one: backwards for an endpoint under attack (decision 117).
 */
const STACKLESS =
  Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit')?.writable === true &&
  typeof (Error as { stackTraceLimit?: unknown }).stackTraceLimit === 'number';

/** `Error` as V8 and JavaScriptCore have it; read only when {@link STACKLESS}. */
const TRACED = Error as unknown as { stackTraceLimit: number };

/**
 * The one error hookguard rejects with. `code` is stable, `status` is the HTTP status to
 * answer with, and `message` says what to check. Neither ever contains a secret or the
 * signature hookguard expected.
 *
 * @example
 * ```ts
 * try {
 *   await verify(scheme, request);
 * } catch (error) {
 *   if (error instanceof WebhookVerificationError) res.status(error.status).end(error.code);
 *   else throw error;
 * }
 * ```
 */
export class WebhookVerificationError extends Error {
  // Declared, not defined: each is assigned once in the constructor, and `name` lives on the
  // prototype. A class field is defined on every instance, which made a rejection slower to
  // build than the HMAC that refused it (decision 117).
  declare readonly name: 'WebhookVerificationError';
  declare readonly code: WebhookErrorCode;
  declare readonly status: number;
  declare readonly provider: string | undefined;
  /** Seconds after which the same request may succeed, where that is known; `Retry-After`. */
  declare readonly retryAfterSeconds: number | undefined;

  constructor(
    code: WebhookErrorCode,
    message: string,
    options: WebhookVerificationErrorOptions = {},
  ) {
    const where = options.provider === undefined ? '' : ` ${options.provider}:`;
    const text = `${MESSAGE_PREFIX}${where} ${message}`;
    const traceLimit = STACKLESS ? TRACED.stackTraceLimit : 0;
    if (STACKLESS) TRACED.stackTraceLimit = 0;
    if (options.cause === undefined) super(text);
    else super(text, { cause: options.cause });
    if (STACKLESS) TRACED.stackTraceLimit = traceLimit;
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.provider = options.provider;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

Object.defineProperty(WebhookVerificationError.prototype, 'name', {
  value: 'WebhookVerificationError',
  writable: true,
  configurable: true,
});

/** True for a {@link WebhookVerificationError}, also across duplicate installs of the package. */
export function isWebhookVerificationError(error: unknown): error is WebhookVerificationError {
  if (!(error instanceof Error) || error.name !== 'WebhookVerificationError') return false;
  const { code } = error as Error & { code?: unknown };
  return typeof code === 'string' && Object.hasOwn(ERROR_STATUS, code);
}

/** The JSON body every adapter answers a rejected request with. */
export interface WebhookErrorBody {
  readonly error: { readonly code: WebhookErrorCode; readonly message: string };
}

/** Status, headers and body for a rejected request, shared by the adapters so they answer alike. */
export function toErrorResponse(error: WebhookVerificationError): {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: WebhookErrorBody;
} {
  const headers: Record<string, string> =
    error.retryAfterSeconds === undefined
      ? {}
      : { 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) };
  return {
    status: error.status,
    headers,
    body: { error: { code: error.code, message: error.message } },
  };
}
