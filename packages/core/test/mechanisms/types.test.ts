import {
  cashfree,
  type SignedHttpRequest,
  type SmileIdSignature,
  sign,
  smileId,
  uicheck,
  type VerifiedWebhook,
  verify,
  type WebhookRequest,
} from '@hookguard/core';
import { describe, expectTypeOf, it } from 'vitest';

// Compile-time checks: `pnpm typecheck` fails if these types drift. The runtime bodies are trivial.
const request: WebhookRequest = { method: 'POST', url: '/', headers: {}, body: '' };

describe('public types', () => {
  it('types the payload through the scheme', () => {
    interface PaymentEvent {
      type: 'PAYMENT_SUCCESS_WEBHOOK';
    }
    const scheme = cashfree.webhook<PaymentEvent>({ secret: 's' });
    expectTypeOf(() => verify(scheme, request)).returns.resolves.toEqualTypeOf<
      VerifiedWebhook<PaymentEvent>
    >();
    expectTypeOf(() =>
      verify(cashfree.subscription({ secret: 's' }), request),
    ).returns.resolves.toEqualTypeOf<VerifiedWebhook<Record<string, string>>>();
  });

  it('types what sign returns per scheme', () => {
    expectTypeOf(() =>
      sign(cashfree.webhook({ secret: 's' }), { body: {} }),
    ).returns.toEqualTypeOf<SignedHttpRequest>();
    expectTypeOf(() =>
      sign(smileId({ partnerId: '1', apiKey: 'k' }), {}),
    ).returns.toEqualTypeOf<SmileIdSignature>();
    expectTypeOf(() =>
      sign(uicheck({ id: 'i', secret: 's' }), { customer: 'cus_1' }),
    ).returns.toEqualTypeOf<string>();
  });

  it('rejects misuse at compile time', () => {
    // @ts-expect-error UiCheck only signs: it cannot be verified.
    void (() => verify(uicheck({ id: 'i', secret: 's' }), request));
    // @ts-expect-error the sign input must match the scheme.
    void (() => sign(uicheck({ id: 'i', secret: 's' }), { body: '' }));
    // @ts-expect-error secrets are strings, not numbers.
    void (() => cashfree.webhook({ secret: 42 }));
  });
});
