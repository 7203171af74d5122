import type { VerifiedWebhook } from '@hookguard/core';

declare module 'koa' {
  interface DefaultState {
    /** Set by `@hookguard/koa`'s `webhook()` middleware once the request verified. */
    webhook?: VerifiedWebhook;
  }
}
