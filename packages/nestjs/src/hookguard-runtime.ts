import type { HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { discoverWebhookRoutes } from './discover-webhook-routes.js';
import { type ExpressApplication, verifyOnExpress } from './express-webhooks.js';
import { type FastifyApplication, verifyOnFastify } from './fastify-webhooks.js';
import type { HookguardModuleOptions } from './options.js';

/**
 * What `HookguardModule` runs: made while Nest creates the application's providers, it
 * settles every webhook route, then wires the platform as soon as Nest has its HTTP adapter
 * (at once under `NestFactory.create`; in `createNestApplication` under a testing module),
 * which is before `app.init()` registers Nest's body parsers and routes.
 */
export class HookguardRuntime {
  /** An error while wiring the platform, thrown from `onModuleInit` (at start-up). */
  private wiringError: unknown;

  constructor(options: HookguardModuleOptions, modules: ModulesContainer, host: HttpAdapterHost) {
    const routes = discoverWebhookRoutes(modules, options);
    if (routes === 0) return;
    if (host.httpAdapter !== undefined) {
      wire(host.httpAdapter);
      return;
    }
    // Under a testing module the adapter comes later. An error thrown in the subscriber
    // would escape as an unhandled one, so it is kept for onModuleInit.
    host.init$.subscribe(() => {
      try {
        wire(host.httpAdapter);
      } catch (error) {
        this.wiringError = error;
      }
    });
  }

  onModuleInit(): void {
    if (this.wiringError !== undefined) throw this.wiringError;
  }
}

/** The platform instances already wired: a second wiring would read bodies twice. */
const wired = new WeakSet<object>();

function wire(adapter: HttpAdapterHost['httpAdapter'] | undefined): void {
  if (adapter === undefined) return;
  const instance = adapter.getInstance<object>();
  if (wired.has(instance)) {
    throw new TypeError(
      '[hookguard] HookguardModule is imported more than once in this application: import it once, in the root module (it is global).',
    );
  }
  wired.add(instance);
  const type = adapter.getType();
  if (type === 'express') verifyOnExpress(instance as ExpressApplication);
  else if (type === 'fastify') verifyOnFastify(instance as FastifyApplication);
  else {
    throw new TypeError(
      `[hookguard] HookguardModule verifies webhook routes on @nestjs/platform-express and @nestjs/platform-fastify, not on '${type}'.`,
    );
  }
}
