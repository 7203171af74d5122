import type { VerifiedWebhook } from '@hookguard/core';

declare global {
  namespace Express {
    interface Request {
      /** Set by `@hookguard/express`'s `webhook()` middleware once the request verified. */
      webhook?: VerifiedWebhook;
    }
  }
}
