import { randomUUID } from 'node:crypto';
import { cashfree, sign } from '@hookguard/core';
import type { HttpRequest } from '../../scripts/demo/deliveries.mjs';
import { DEMO_ENV } from '../../scripts/demo/demo-env.mjs';

/** The Cashfree scheme of the example apps and the fault app, on the demo secret they start with. */
const CASHFREE = cashfree.webhook({ secret: DEMO_ENV.CASHFREE_CLIENT_SECRET });

/**
 * A Cashfree payment webhook for `POST /webhooks/cashfree`, signed now, that no store has
 * seen (its order id is new); `extra` is added to the body.
 */
export function freshCashfreeDelivery(extra: Record<string, unknown> = {}): HttpRequest {
  const body = {
    type: 'PAYMENT_SUCCESS_WEBHOOK',
    data: { order: { order_id: randomUUID(), order_amount: 100 } },
    ...extra,
  };
  const signed = sign(CASHFREE, { body, timestamp: Date.now() });
  return {
    method: 'POST',
    path: '/webhooks/cashfree',
    headers: { ...signed.headers },
    body: signed.body,
  };
}

/** The same request with its amount changed and its signature kept: a forgery. */
export function tampered(request: HttpRequest): HttpRequest {
  const body = String(request.body);
  const forged = body.replace('"order_amount":100', '"order_amount":1');
  if (forged === body) throw new Error('tampered() expects a freshCashfreeDelivery() body');
  return { ...request, body: forged };
}
