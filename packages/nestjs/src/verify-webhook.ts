import type { WebhookScheme } from '@hookguard/core';
import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import type { WebhookRouteSettings, WebhookSetting } from './options.js';
import { WEBHOOK_METADATA } from './tokens.js';
import { WebhookGuard } from './webhook-guard.js';

/**
 * Makes a route handler, or every route of a controller, a webhook route verified against
 * `scheme` (or the scheme of that name given to `HookguardModule.forRoot({ schemes })`),
 * with `options` over the module's. HookguardModule reads the exact bytes of the route's
 * body before Nest's body parser, refuses a Content-Type the scheme does not take and a body
 * over `limit`, verifies, answers the vendor's handshakes and every refusal itself (the same
 * `{"error":{"code","message"}}` as every hookguard adapter), and settles the replay claim
 * by the status the response went out with. The handler runs only for a verified request,
 * and reads it with `@Webhook()` (the payload is `@Body()` too). Also applies `WebhookGuard`.
 *
 * @example
 * ```ts
 * const scheme = stripe<StripeEvent>({ secret: process.env.STRIPE_WEBHOOK_SECRET! });
 *
 * @Controller('webhooks')
 * class WebhooksController {
 *   @Post('stripe')
 *   @HttpCode(200)
 *   @VerifyWebhook(scheme)
 *   stripe(@Webhook() webhook: WebhookOf<typeof scheme>) {
 *     return { received: webhook.payload.type };
 *   }
 * }
 * ```
 */
export function VerifyWebhook<TPayload>(
  scheme: WebhookScheme<TPayload, unknown, unknown> | string,
  options: WebhookRouteSettings = {},
): ClassDecorator & MethodDecorator {
  const setting: WebhookSetting = { scheme, options };
  return applyDecorators(SetMetadata(WEBHOOK_METADATA, setting), UseGuards(WebhookGuard));
}
