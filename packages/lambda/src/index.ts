export type {
  AlbEvent,
  HttpApiEvent,
  LambdaHttpEvent,
  LambdaHttpResult,
  RestApiEvent,
} from './events.js';
export type { LambdaWebhookHandler, LambdaWebhookOptions } from './webhook-handler.js';
export { webhookHandler } from './webhook-handler.js';
