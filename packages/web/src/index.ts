export {
  errorResponse,
  verifyRequest,
  type WebhookHandler,
  type WebRequestOptions,
  withWebhook,
} from './verify-request.js';
