import { toErrorResponse, WebhookVerificationError } from '@hookguard/core/adapter';
import {
  type CanActivate,
  type ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  Optional,
} from '@nestjs/common';
import { HOOKGUARD_RUNTIME, WEBHOOK_ROUTE_METADATA } from './tokens.js';
import { isVerified } from './verified-webhook.js';
import type { ResolvedRoute } from './verify-node-request.js';

const NOT_SEEN =
  "this webhook route was reached without being verified: HookguardModule could not tell that the request was for it before Nest's body parser ran (on Express, when another route shares its path and method: through a path parameter, versioning or a host filter). Give the webhook route a path of its own.";

/**
 * Lets a request through to a webhook route only once HookguardModule verified it (which
 * happens before Nest's pipeline, so that the exact bytes are read and refusals answered
 * without it). Applied by `@VerifyWebhook(scheme)`, on a handler or a controller; made at
 * start-up, where it throws a `TypeError` if HookguardModule is not imported.
 */
@Injectable()
export class WebhookGuard implements CanActivate {
  constructor(@Optional() @Inject(HOOKGUARD_RUNTIME) runtime?: unknown) {
    if (runtime === undefined || runtime === null) {
      throw new TypeError(
        "[hookguard] WebhookGuard needs HookguardModule: add HookguardModule.forRoot() (or forRootAsync) to the root module's imports.",
      );
    }
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') {
      throw new TypeError('[hookguard] WebhookGuard guards HTTP routes only.');
    }
    if (isVerified(context.switchToHttp().getRequest())) return true;
    const route = Reflect.getMetadata(WEBHOOK_ROUTE_METADATA, context.getHandler()) as
      | ResolvedRoute
      | undefined;
    const error = new WebhookVerificationError('body_already_parsed', NOT_SEEN, {
      provider: route?.provider,
    });
    const { status, body } = toErrorResponse(error);
    throw new HttpException(body, status, { cause: error });
  }
}
