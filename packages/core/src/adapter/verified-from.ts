import type { VerifiedWebhook } from '../verify.js';

/**
 * The verified webhook an adapter attached to its request, typed by the caller; a
 * `TypeError` saying how to wire the adapter when it is not there (the route is not a
 * webhook route, or the handler runs before the adapter).
 *
 * @example
 * ```ts
 * verifiedFrom(req.webhook, 'mount webhook(scheme) before this handler');
 * ```
 */
export function verifiedFrom<TPayload>(
  webhook: VerifiedWebhook | null | undefined,
  howToWire: string,
): VerifiedWebhook<TPayload> {
  if (webhook === null || webhook === undefined) {
    throw new TypeError(`[hookguard] the verified webhook is not set: ${howToWire}.`);
  }
  return webhook as VerifiedWebhook<TPayload>;
}
