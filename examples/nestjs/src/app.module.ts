import { github, MemoryReplayStore, type ReplayStore, stripe } from '@hookguard/core';
import { HookguardModule } from '@hookguard/nestjs';
import { type DynamicModule, Module } from '@nestjs/common';
import { AppController, WebhooksController } from './webhooks.controller.js';

/** What the app is made from. */
export interface AppOptions {
  readonly stripeSecret: string;
  readonly githubSecret: string;
  readonly replayStore?: ReplayStore;
}

/** The app: HookguardModule, with the schemes the webhook routes name, and the controllers. */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest module; register() configures it.
export class AppModule {
  static register({
    stripeSecret,
    githubSecret,
    replayStore = new MemoryReplayStore(),
  }: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        HookguardModule.forRoot({
          replayStore,
          schemes: {
            stripe: stripe({ secret: stripeSecret }),
            github: github({ secret: githubSecret }),
          },
        }),
      ],
      controllers: [WebhooksController, AppController],
    };
  }
}
