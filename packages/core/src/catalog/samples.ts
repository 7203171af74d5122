// Building blocks of the providers' samples: what the demo sends as a valid delivery.

/** `2026-01-02T03:04:05Z`: an ISO-8601 instant to the second. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `2026-01-02 03:04:05`: the date and time Cashfree's form callbacks carry (UTC here). */
export function spacedDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * A JSON payment event made at `now`, as the demo sends one to the catalog's JSON webhooks:
 * an amount of 100 to tamper with, and a creation time, so an older event is another event.
 */
export function paymentEvent(provider: string, now: number) {
  return {
    body: {
      id: `evt_${provider}_1`,
      type: 'payment.succeeded',
      amount: 100,
      created: Math.floor(now / 1000),
    },
    timestamp: now,
  };
}
