/** Injection token of the options given to `HookguardModule.forRoot` (or made by `forRootAsync`). */
export const HOOKGUARD_OPTIONS = Symbol.for('@hookguard/nestjs:options');

/** Injection token of the module's runtime: the webhook routes it found and wired. */
export const HOOKGUARD_RUNTIME = Symbol.for('@hookguard/nestjs:runtime');

/** What `@VerifyWebhook(scheme)` records on a route handler or a controller. */
export const WEBHOOK_METADATA = 'hookguard:webhook';

/** The settled route of a webhook route handler, written at start-up; Nest copies it onto
 * the handler it registers with Express. */
export const WEBHOOK_ROUTE_METADATA = 'hookguard:webhook-route';

/** Marks a handler with a `@Webhook()` parameter. */
export const WEBHOOK_PARAM_METADATA = 'hookguard:webhook-param';

/**
 * The metadata key behind `@RouteConfig()` of `@nestjs/platform-fastify`
 * (`FASTIFY_ROUTE_CONFIG_METADATA`): Nest passes it to Fastify as the route's `config`,
 * which is how a webhook route is recognised there. Written by name, so the package does not
 * depend on platform-fastify.
 */
export const FASTIFY_ROUTE_CONFIG_METADATA = '__fastify_route_config__';

/** The key of a webhook route's settled route in its Fastify route `config`. */
export const FASTIFY_CONFIG_KEY = 'hookguard';
