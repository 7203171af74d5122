import type { VerifiedWebhook } from '@hookguard/core';
import type { WebhookRouteConfig } from './options.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Makes this route a webhook route verified by `@hookguard/fastify`. */
    webhook?: WebhookRouteConfig;
  }
  interface FastifyRequest {
    /** The verified webhook on a webhook route; null elsewhere. */
    webhook: VerifiedWebhook | null;
  }
}
