import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { HookguardRuntime } from './hookguard-runtime.js';
import type { HookguardModuleAsyncOptions, HookguardModuleOptions } from './options.js';
import { HOOKGUARD_OPTIONS, HOOKGUARD_RUNTIME } from './tokens.js';

const RUNTIME: Provider = {
  provide: HOOKGUARD_RUNTIME,
  useFactory: (options: HookguardModuleOptions, modules: ModulesContainer, host: HttpAdapterHost) =>
    new HookguardRuntime(options, modules, host),
  inject: [HOOKGUARD_OPTIONS, ModulesContainer, HttpAdapterHost],
};

/**
 * Verifies the application's webhook routes (`@VerifyWebhook`) on platform-express and
 * platform-fastify. Import it once, in the root module: it is global. Each webhook route's
 * body is read, exactly, before Nest's body parsers (no global `rawBody: true` needed; other
 * routes parse as before), and a bad scheme or option stops the application at start-up.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [HookguardModule.forRoot({ replayStore: new MemoryReplayStore() })],
 *   controllers: [WebhooksController],
 * })
 * class AppModule {}
 * ```
 */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest module is a class that Nest instantiates; configurable ones are made by static methods.
export class HookguardModule {
  /** With options (defaults for every webhook route, and named schemes) given now. */
  static forRoot(options: HookguardModuleOptions = {}): DynamicModule {
    return {
      module: HookguardModule,
      global: true,
      providers: [{ provide: HOOKGUARD_OPTIONS, useValue: options }, RUNTIME],
      exports: [HOOKGUARD_RUNTIME],
    };
  }

  /**
   * With options made by a factory, when secrets come from configuration.
   *
   * @example
   * ```ts
   * HookguardModule.forRootAsync({
   *   imports: [ConfigModule],
   *   inject: [ConfigService],
   *   useFactory: (config: ConfigService) => ({
   *     schemes: { stripe: stripe({ secret: config.getOrThrow('STRIPE_WEBHOOK_SECRET') }) },
   *   }),
   * });
   * ```
   */
  static forRootAsync(options: HookguardModuleAsyncOptions): DynamicModule {
    return {
      module: HookguardModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        {
          provide: HOOKGUARD_OPTIONS,
          useFactory: options.useFactory,
          inject: options.inject ?? [],
        },
        RUNTIME,
      ],
      exports: [HOOKGUARD_RUNTIME],
    };
  }
}
