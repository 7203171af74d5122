import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { WEBHOOK_PARAM_METADATA } from './tokens.js';
import { verifiedWebhook } from './verified-webhook.js';

/** Marks the handler, so that a @Webhook() on a route that is none fails at start-up. */
function markWebhookParameter(target: object, key: string | symbol | undefined): void {
  if (key !== undefined) Reflect.defineMetadata(WEBHOOK_PARAM_METADATA, true, target, key);
}

/**
 * The verified webhook of the request, as a handler parameter. Type it by the scheme with
 * `WebhookOf<typeof scheme>` (or `VerifiedWebhook<YourEvent>`). On a route without
 * `@VerifyWebhook` the application does not start (a `TypeError` names the handler).
 *
 * @example
 * ```ts
 * @Post('stripe') @VerifyWebhook(scheme)
 * stripe(@Webhook() webhook: WebhookOf<typeof scheme>) {}
 * ```
 */
export const Webhook: () => ParameterDecorator = createParamDecorator(
  (_data: unknown, context: ExecutionContext) =>
    verifiedWebhook(context.switchToHttp().getRequest()),
  [markWebhookParameter],
);
