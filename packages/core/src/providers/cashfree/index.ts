import { legacyNotify } from './legacy-notify.js';
import { payoutsV1 } from './payouts-v1.js';
import { subscription } from './subscription.js';
import { webhook } from './webhook.js';

/**
 * Cashfree's four signing schemes. Choose the one the route receives; never detect it
 * from the request.
 *
 * - `cashfree.webhook`: Payment Gateway, Payouts V2, Secure ID, Subscriptions 2023-08+ (JSON).
 * - `cashfree.subscription`: Subscriptions v1 `cf_*` form callbacks.
 * - `cashfree.legacyNotify`: legacy Payment Gateway notify/return posts (form).
 * - `cashfree.payoutsV1`: Payouts v1 and Cashgram (form).
 */
export const cashfree = { webhook, subscription, legacyNotify, payoutsV1 } as const;
