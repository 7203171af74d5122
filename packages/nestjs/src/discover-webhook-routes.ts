import { webhookRoute } from '@hookguard/core/adapter';
import { GUARDS_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner, type ModulesContainer } from '@nestjs/core';
import type { HookguardModuleOptions, WebhookRouteSettings, WebhookSetting } from './options.js';
import {
  FASTIFY_CONFIG_KEY,
  FASTIFY_ROUTE_CONFIG_METADATA,
  WEBHOOK_METADATA,
  WEBHOOK_PARAM_METADATA,
  WEBHOOK_ROUTE_METADATA,
} from './tokens.js';
import type { ResolvedRoute } from './verify-node-request.js';
import { WebhookGuard } from './webhook-guard.js';

/** The option names a route's settings may override, key by key. */
const ROUTE_OPTION_KEYS = [
  'limit',
  'errors',
  'replayStore',
  'replayStoreTimeout',
  'replayLease',
  'failOpen',
  'warn',
  'logger',
  'now',
  'handshakes',
] as const satisfies readonly (keyof WebhookRouteSettings)[];

function hasWebhookGuard(target: object): boolean {
  const guards = Reflect.getMetadata(GUARDS_METADATA, target) as unknown[] | undefined;
  return guards?.includes(WebhookGuard) ?? false;
}

/** Settles a route's scheme and options (over the module's) once; a bad one is a TypeError naming it. */
function settle(
  setting: WebhookSetting,
  defaults: HookguardModuleOptions,
  where: string,
): ResolvedRoute {
  let { scheme } = setting;
  if (typeof scheme === 'string') {
    const named = defaults.schemes?.[scheme];
    if (named === undefined) {
      const known = Object.keys(defaults.schemes ?? {});
      throw new TypeError(
        `[hookguard] ${where}: no scheme is named '${scheme}'; HookguardModule.forRoot({ schemes }) names ${known.length === 0 ? 'none' : known.map((name) => `'${name}'`).join(', ')}.`,
      );
    }
    scheme = named;
  }
  const options: Record<string, unknown> = {};
  for (const key of ROUTE_OPTION_KEYS) options[key] = setting.options[key] ?? defaults[key];
  return webhookRoute(scheme, options, ['respond', 'throw'], where);
}

/**
 * Finds every webhook route of the application's controllers, from `@VerifyWebhook` on a
 * handler or on its controller (the handler's wins), and settles each once, so that a bad
 * scheme or option stops the application at start-up with a `TypeError` naming the handler.
 * The settled route is written on the handler, where each platform finds it: Nest copies a
 * handler's metadata onto the function it registers with Express, and passes the
 * `@RouteConfig` metadata to Fastify as the route's `config`. A `@Webhook()` parameter or a
 * `WebhookGuard` on a handler that is no webhook route is a `TypeError` too. Returns how many
 * webhook routes there are.
 */
export function discoverWebhookRoutes(
  modules: ModulesContainer,
  options: HookguardModuleOptions,
): number {
  const scanner = new MetadataScanner();
  // A handler inherited by several controllers is one function: it can carry one route.
  const settled = new Map<object, { setting: WebhookSetting; where: string }>();
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype;
      if (typeof controller !== 'function') continue;
      const prototype = controller.prototype as Record<string, unknown>;
      const onController = Reflect.getMetadata(WEBHOOK_METADATA, controller) as
        | WebhookSetting
        | undefined;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function') continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const where = `${controller.name}.${name}()`;
        const setting =
          (Reflect.getMetadata(WEBHOOK_METADATA, handler) as WebhookSetting | undefined) ??
          onController;
        if (setting === undefined) {
          if (Reflect.getMetadata(WEBHOOK_PARAM_METADATA, prototype, name) === true) {
            throw new TypeError(
              `[hookguard] ${where} takes a @Webhook() parameter but is not a webhook route: give it (or ${controller.name}) @VerifyWebhook(scheme).`,
            );
          }
          if (hasWebhookGuard(handler) || hasWebhookGuard(controller)) {
            throw new TypeError(
              `[hookguard] ${where} is guarded by WebhookGuard but names no scheme: use @VerifyWebhook(scheme) instead of @UseGuards(WebhookGuard).`,
            );
          }
          continue;
        }
        const earlier = settled.get(handler);
        if (earlier !== undefined) {
          if (earlier.setting === setting) continue;
          throw new TypeError(
            `[hookguard] ${where} and ${earlier.where} are one inherited handler with two webhook settings: override it in each controller.`,
          );
        }
        const route = settle(setting, options, where);
        settled.set(handler, { setting, where });
        Reflect.defineMetadata(WEBHOOK_ROUTE_METADATA, route, handler);
        const config = Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) as
          | Record<string, unknown>
          | undefined;
        Reflect.defineMetadata(
          FASTIFY_ROUTE_CONFIG_METADATA,
          { ...config, [FASTIFY_CONFIG_KEY]: route },
          handler,
        );
      }
    }
  }
  return settled.size;
}
