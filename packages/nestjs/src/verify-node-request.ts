import type { IncomingMessage } from 'node:http';
import {
  isPending,
  isWebhookVerificationError,
  type RouteOutcome,
  readRequestHead,
  type WebhookRoute,
} from '@hookguard/core/adapter';
import { readBody } from './read-body.js';

/** A webhook route as the module settled it at start-up. */
export type ResolvedRoute = WebhookRoute<unknown, 'respond' | 'throw'>;

/**
 * Reads and verifies one request of a webhook route: the Content-Type is checked from the
 * headers before a byte is read (and readBody refuses an over-limit length), then the body
 * is read whole and verified, handshakes answered by the route's `handshakes`. A refusal,
 * whichever step made it, is an outcome (`refused`); only a bug rejects. A forged request
 * is refused without a throw (decision 172).
 */
export async function verifyNodeRequest(
  route: ResolvedRoute,
  req: IncomingMessage,
  url: string,
): Promise<RouteOutcome<unknown>> {
  try {
    const headers = readRequestHead(route.scheme.mediaType, req.rawHeaders, route.provider);
    const body = await readBody(req, route.limit, route.provider);
    const answering = route.handleNow({ method: req.method ?? 'GET', url, headers, body });
    return isPending(answering) ? await answering : answering;
  } catch (error) {
    if (!isWebhookVerificationError(error)) throw error;
    return { kind: 'refused', error };
  }
}
