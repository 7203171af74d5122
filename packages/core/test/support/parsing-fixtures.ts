import { cashfree, type WebhookRequest } from '@hookguard/core';

export { compactJson, headersFromRaw, MAX_FORM_FIELDS, parseForm } from '@hookguard/core';

/** A Cashfree Payouts v1 scheme and a form request with the given body. */
export function payoutsFixture(body: string): {
  scheme: ReturnType<typeof cashfree.payoutsV1>;
  request: WebhookRequest;
} {
  return {
    scheme: cashfree.payoutsV1({ secret: 'secret' }),
    request: {
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    },
  };
}
