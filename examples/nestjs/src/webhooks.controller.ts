import type { VerifiedWebhook } from '@hookguard/core';
import { VerifyWebhook, Webhook } from '@hookguard/nestjs';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';

/** The part of a Stripe event this app reads. */
export interface StripeEvent {
  readonly id: string;
  readonly type: string;
}

/**
 * The webhook routes. Each names a scheme HookguardModule was given (app.module.ts), whose
 * secret came from the environment. A handler runs only for a verified delivery.
 */
@Controller('webhooks')
export class WebhooksController {
  @Post('stripe')
  @HttpCode(200)
  @VerifyWebhook('stripe')
  stripe(@Webhook() webhook: VerifiedWebhook<StripeEvent>) {
    // Your business logic goes here: webhook.payload is verified.
    return { provider: webhook.provider, payload: webhook.payload };
  }

  @Post('github')
  @HttpCode(200)
  @VerifyWebhook('github')
  github(@Webhook() webhook: VerifiedWebhook) {
    return { provider: webhook.provider, payload: webhook.payload };
  }
}

/** Other routes: Nest's body parser serves them as usual. */
@Controller()
export class AppController {
  @Post('echo')
  @HttpCode(200)
  echo(@Body() body: unknown) {
    return { echo: body };
  }

  @Get('healthz')
  health() {
    return { ok: true };
  }
}
