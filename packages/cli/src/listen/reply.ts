import type { ForwardResult } from './forward.js';

/** What to answer the sender with. */
export interface Reply {
  readonly status: number;
  /** `[name, value, …]`. */
  readonly rawHeaders: readonly string[];
  readonly body: string | Buffer;
}

/** A JSON answer, such as the error contract's `{"error":{"code","message"}}`. */
export function jsonReply(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Reply {
  const rawHeaders = Object.entries(headers).flat();
  rawHeaders.push('Content-Type', 'application/json; charset=utf-8');
  return { status, rawHeaders, body: JSON.stringify(body) };
}

/**
 * The answer when the app gave none: `502 forward_unreachable` or `504 forward_timeout`,
 * `listen`'s own codes (the delivery verified; the app did not answer).
 */
export function forwardFailure(
  result: Extract<ForwardResult, { ok: false }>,
  claimed: boolean,
): Reply {
  const code = result.failure === 'timeout' ? 'forward_timeout' : 'forward_unreachable';
  const then = claimed
    ? " The delivery verified and was released, so the vendor's retry will be accepted."
    : '';
  return jsonReply(result.failure === 'timeout' ? 504 : 502, {
    error: {
      code,
      message: `[hookguard] listen: ${result.message}. Is the app running on --forward-to?${then}`,
    },
  });
}
