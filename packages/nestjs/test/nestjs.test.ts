import {
  MemoryReplayStore,
  sign,
  stripe,
  type VerifiedWebhook,
  WebhookVerificationError,
} from '@hookguard/core';
import {
  HookguardModule,
  type HookguardModuleOptions,
  type NestHttpRequest,
  VerifyWebhook,
  verifiedWebhook,
  Webhook,
  WebhookGuard,
  type WebhookOf,
} from '@hookguard/nestjs';
import {
  type ArgumentsHost,
  Body,
  Catch,
  Controller,
  type ExceptionFilter,
  Get,
  HttpCode,
  Inject,
  Module,
  type NestApplicationOptions,
  Post,
  Req,
  UseGuards,
  Version,
  VersioningType,
} from '@nestjs/common';
import { APP_FILTER, HttpAdapterHost, NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';

const SECRET = 'whsec_nestjs_test_secret';
const NOW = 1_700_000_000_000;
const now = () => NOW;

interface StripeEvent {
  readonly id: string;
  readonly type: string;
}
const scheme = stripe<StripeEvent>({ secret: SECRET });
const otherScheme = stripe<StripeEvent>({ secret: 'whsec_other_secret' });
const event: StripeEvent = { id: 'evt_1', type: 'invoice.paid' };

const PLATFORMS = ['express', 'fastify'] as const;
type Platform = (typeof PLATFORMS)[number];
type App = Awaited<ReturnType<typeof NestFactory.create>>;

const running: App[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) await app.close();
});

/** Starts `module` on a platform, listening on a free loopback port. */
async function start(
  module: object,
  platform: Platform,
  options: NestApplicationOptions = {},
  configure: (app: App) => void = () => {},
): Promise<App> {
  const adapter = platform === 'express' ? new ExpressAdapter() : new FastifyAdapter();
  const app = await NestFactory.create(module as never, adapter, {
    logger: false,
    abortOnError: false,
    ...options,
  });
  running.push(app);
  configure(app);
  await app.listen(0, '127.0.0.1');
  return app;
}

/** POSTs a body with headers; the status and the JSON answer. */
async function post(
  app: App,
  path: string,
  headers: Readonly<Record<string, string>>,
  body: string,
): Promise<{
  status: number;
  json: { error?: { code: string; message: string } } & Record<string, unknown>;
}> {
  const response = await fetch(`${await app.getUrl()}${path}`, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, json: text === '' ? {} : JSON.parse(text) };
}

/** A Stripe delivery signed with `secret` at NOW. */
function delivery(body: unknown = event, secret = SECRET) {
  const signed = sign(stripe({ secret }), { body, timestamp: NOW });
  return { headers: { ...signed.headers }, body: String(signed.body) };
}

const sendTo = (app: App, path: string, message = delivery()) =>
  post(app, path, message.headers, message.body);

@Controller('guarded-controller')
@VerifyWebhook(scheme)
class GuardedController {
  @Post('a')
  @HttpCode(200)
  a(@Webhook() webhook: WebhookOf<typeof scheme>) {
    return { route: 'a', type: webhook.payload.type };
  }

  @Post('b')
  @HttpCode(200)
  @VerifyWebhook(otherScheme)
  b(@Webhook() webhook: WebhookOf<typeof otherScheme>, @Body() body: unknown) {
    return { route: 'b', type: webhook.payload.type, body };
  }
}

@Controller()
class RoutesController {
  @Post('hooks/plain')
  @HttpCode(200)
  plain(@Body() body: unknown, @Req() req: { rawBody?: Buffer }) {
    return { route: 'plain', body, raw: req.rawBody?.toString('utf8') ?? null };
  }

  @Post('hooks/:vendor')
  @HttpCode(200)
  @VerifyWebhook(scheme)
  vendor(@Req() req: NestHttpRequest) {
    const { payload } = verifiedWebhook(req, scheme);
    return { route: 'vendor', type: payload.type };
  }

  @Post('json')
  @HttpCode(200)
  json(@Body() body: unknown) {
    return { route: 'json', body };
  }

  @Get('health')
  health() {
    return { ok: true };
  }
}

function appModule(options: HookguardModuleOptions = { now }) {
  @Module({
    imports: [HookguardModule.forRoot(options)],
    controllers: [GuardedController, RoutesController],
  })
  class AppModule {}
  return AppModule;
}

for (const platform of PLATFORMS) {
  describe(`@hookguard/nestjs on platform-${platform}`, () => {
    it('verifies every route of a controller given @VerifyWebhook, and lets a route override its scheme', async () => {
      const app = await start(appModule(), platform);
      expect(await sendTo(app, '/guarded-controller/a')).toEqual({
        status: 200,
        json: { route: 'a', type: 'invoice.paid' },
      });
      const forged = await post(app, '/guarded-controller/a', delivery().headers, '{"id":"x"}');
      expect([forged.status, forged.json.error?.code]).toEqual([401, 'invalid_signature']);
      // Route b takes the other secret only: the controller's scheme does not apply to it.
      const other = delivery(event, 'whsec_other_secret');
      expect(await sendTo(app, '/guarded-controller/b', other)).toEqual({
        status: 200,
        json: { route: 'b', type: 'invoice.paid', body: event },
      });
      const wrongKey = await sendTo(app, '/guarded-controller/b');
      expect([wrongKey.status, wrongKey.json.error?.code]).toEqual([401, 'invalid_signature']);
    });

    it("reads a webhook route's exact bytes with Nest's body parser on, and leaves other routes to it (rawBody included)", async () => {
      const app = await start(appModule(), platform, { rawBody: true });
      // Not JSON Nest's parser could read: only the signature decides, then the payload.
      const notJson = await post(app, '/hooks/stripe', delivery('not json').headers, 'not json');
      expect([notJson.status, notJson.json.error?.code]).toEqual([400, 'malformed_request']);
      expect(await sendTo(app, '/hooks/stripe')).toEqual({
        status: 200,
        json: { route: 'vendor', type: 'invoice.paid' },
      });
      // A more specific route that is no webhook route keeps Nest's parser and rawBody.
      const plain = await post(
        app,
        '/hooks/plain',
        { 'content-type': 'application/json' },
        '{"a": 1}',
      );
      expect(plain).toEqual({
        status: 200,
        json: { route: 'plain', body: { a: 1 }, raw: '{"a": 1}' },
      });
      const bad = await post(app, '/json', { 'content-type': 'application/json' }, '{"a":');
      // Nest's own answer (its parser refused the body), not hookguard's.
      expect([bad.status, bad.json.statusCode]).toEqual([400, 400]);
    });

    it('answers a body over the limit with 413 body_too_large, whatever the parser’s limit', async () => {
      const app = await start(appModule({ now, limit: 64 }), platform);
      const big = delivery({ ...event, pad: 'x'.repeat(100) });
      const refused = await sendTo(app, '/hooks/stripe', big);
      expect([refused.status, refused.json.error?.code]).toEqual([413, 'body_too_large']);
      // Nest's own JSON parser takes 100 kB: a webhook route with a larger limit gets it all.
      const roomy = await start(appModule({ now, limit: 1_000_000 }), platform);
      const large = delivery({ ...event, pad: 'x'.repeat(200_000) });
      expect((await sendTo(roomy, '/hooks/stripe', large)).status).toBe(200);
    });

    it('settles the replay claim by the status the response went out with', async () => {
      const replayStore = new MemoryReplayStore();
      const app = await start(appModule({ now, replayStore }), platform);
      const message = delivery();
      expect((await sendTo(app, '/hooks/stripe', message)).status).toBe(200);
      const replay = await sendTo(app, '/hooks/stripe', message);
      expect([replay.status, replay.json.error?.code]).toEqual([401, 'replayed']);
    });

    it("with errors: 'throw', hands refusals to Nest's exception filters", async () => {
      @Catch(WebhookVerificationError)
      class WebhookErrorFilter implements ExceptionFilter {
        constructor(@Inject(HttpAdapterHost) private readonly host: HttpAdapterHost) {}
        catch(error: WebhookVerificationError, context: ArgumentsHost) {
          const response = context.switchToHttp().getResponse();
          this.host.httpAdapter.reply(response, { refused: error.code }, 422);
        }
      }
      @Module({
        imports: [HookguardModule.forRoot({ now, errors: 'throw', limit: 64 })],
        controllers: [RoutesController],
        providers: [{ provide: APP_FILTER, useClass: WebhookErrorFilter }],
      })
      class ThrowingModule {}
      const app = await start(ThrowingModule, platform);
      const forged = await post(app, '/hooks/stripe', delivery().headers, '{}');
      expect(forged).toEqual({ status: 422, json: { refused: 'invalid_signature' } });
      // Refused while reading the body, before Nest's pipeline: the same filter answers.
      const big = await sendTo(app, '/hooks/stripe', delivery({ pad: 'x'.repeat(100) }));
      expect(big).toEqual({ status: 422, json: { refused: 'body_too_large' } });
    });

    it('takes named schemes from forRootAsync, made from injected configuration', async () => {
      const CONFIG = Symbol('config');
      @Module({
        providers: [{ provide: CONFIG, useValue: { secret: SECRET } }],
        exports: [CONFIG],
      })
      class ConfigModule {}
      @Controller()
      class NamedController {
        @Post('named')
        @HttpCode(200)
        @VerifyWebhook('stripe')
        named(@Webhook() webhook: VerifiedWebhook<StripeEvent>) {
          return { id: webhook.payload.id };
        }
      }
      @Module({
        imports: [
          HookguardModule.forRootAsync({
            imports: [ConfigModule],
            inject: [CONFIG],
            useFactory: async (config: { secret: string }) => ({
              now,
              schemes: { stripe: stripe({ secret: config.secret }) },
            }),
          }),
        ],
        controllers: [NamedController],
      })
      class NamedModule {}
      const app = await start(NamedModule, platform);
      expect(await sendTo(app, '/named')).toEqual({ status: 200, json: { id: 'evt_1' } });
    });

    it('verifies under a global prefix and URI versioning', async () => {
      const app = await start(appModule(), platform, {}, (nest) => {
        nest.setGlobalPrefix('api');
        nest.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
      });
      expect(await sendTo(app, '/api/v1/hooks/stripe')).toEqual({
        status: 200,
        json: { route: 'vendor', type: 'invoice.paid' },
      });
      const forged = await post(app, '/api/v1/hooks/stripe', delivery().headers, '{}');
      expect(forged.json.error?.code).toBe('invalid_signature');
    });

    it('never verifies a request meant for another route on the same path, nor passes one unverified', async () => {
      @Controller('versioned')
      class VersionedController {
        @Post()
        @Version('1')
        @HttpCode(200)
        plain(@Body() body: unknown) {
          return { route: 'plain', body };
        }

        @Post()
        @Version('2')
        @HttpCode(200)
        @VerifyWebhook(scheme)
        hook(@Webhook() webhook: WebhookOf<typeof scheme>) {
          return { route: 'hook', type: webhook.payload.type };
        }
      }
      @Module({
        imports: [HookguardModule.forRoot({ now })],
        controllers: [VersionedController],
      })
      class VersionedModule {}
      const app = await start(VersionedModule, platform, {}, (nest) =>
        nest.enableVersioning({ type: VersioningType.HEADER, header: 'x-api-version' }),
      );
      const plain = await post(
        app,
        '/versioned',
        { 'content-type': 'application/json', 'x-api-version': '1' },
        '{"a":1}',
      );
      expect(plain).toEqual({ status: 200, json: { route: 'plain', body: { a: 1 } } });
      const message = delivery();
      const hook = await post(
        app,
        '/versioned',
        { ...message.headers, 'x-api-version': '2' },
        message.body,
      );
      if (platform === 'fastify') {
        // Fastify routes by the version before any hook runs: the webhook route is exact.
        expect(hook).toEqual({ status: 200, json: { route: 'hook', type: 'invoice.paid' } });
      } else {
        // Express cannot say in advance which of the two takes the request: Nest parses it,
        // and the webhook route's guard refuses it, saying why.
        expect([hook.status, hook.json.error?.code]).toEqual([500, 'body_already_parsed']);
        expect(hook.json.error?.message).toContain('Give the webhook route a path of its own.');
      }
    });

    it('works in an application made from a testing module', async () => {
      const moduleRef = await Test.createTestingModule({ imports: [appModule()] }).compile();
      const app = moduleRef.createNestApplication(
        platform === 'express' ? new ExpressAdapter() : new FastifyAdapter(),
        { logger: false },
      );
      running.push(app as App);
      await app.listen(0, '127.0.0.1');
      expect(await sendTo(app as App, '/hooks/stripe')).toEqual({
        status: 200,
        json: { route: 'vendor', type: 'invoice.paid' },
      });
      const plain = await post(app as App, '/json', { 'content-type': 'application/json' }, '[1]');
      expect(plain).toEqual({ status: 200, json: { route: 'json', body: [1] } });
    });
  });
}

describe('@hookguard/nestjs at start-up', () => {
  const create = (module: object) =>
    NestFactory.create(module as never, new ExpressAdapter(), {
      logger: false,
      abortOnError: false,
    });

  it('refuses a @Webhook() parameter on a route without @VerifyWebhook, naming the handler', async () => {
    @Controller()
    class UnguardedController {
      @Post('hook')
      hook(@Webhook() webhook: VerifiedWebhook) {
        return webhook.payload;
      }
    }
    @Module({ imports: [HookguardModule.forRoot()], controllers: [UnguardedController] })
    class UnguardedModule {}
    await expect(create(UnguardedModule)).rejects.toThrow(
      new TypeError(
        '[hookguard] UnguardedController.hook() takes a @Webhook() parameter but is not a webhook route: give it (or UnguardedController) @VerifyWebhook(scheme).',
      ),
    );
  });

  it('refuses WebhookGuard used without a scheme', async () => {
    @Controller()
    @UseGuards(WebhookGuard)
    class BareGuardController {
      @Post('hook')
      hook() {}
    }
    @Module({ imports: [HookguardModule.forRoot()], controllers: [BareGuardController] })
    class BareGuardModule {}
    await expect(create(BareGuardModule)).rejects.toThrow(/use @VerifyWebhook\(scheme\) instead/);
  });

  it('refuses to start without HookguardModule', async () => {
    @Module({ controllers: [RoutesController] })
    class NoHookguardModule {}
    await expect(create(NoHookguardModule)).rejects.toThrow(
      /WebhookGuard needs HookguardModule: add HookguardModule.forRoot\(\)/,
    );
  });

  it('refuses HookguardModule imported twice with other options', async () => {
    @Module({ imports: [HookguardModule.forRoot({ limit: 100 })] })
    class FeatureModule {}
    @Module({
      imports: [HookguardModule.forRoot(), FeatureModule],
      controllers: [GuardedController],
    })
    class TwiceModule {}
    await expect(create(TwiceModule)).rejects.toThrow(
      '[hookguard] HookguardModule is imported more than once in this application: import it once, in the root module (it is global).',
    );
  });

  it('refuses a bad route option with a TypeError naming the handler', async () => {
    @Controller()
    class BadLimitController {
      @Post('hook')
      @VerifyWebhook(scheme, { limit: 0 })
      hook() {}
    }
    @Module({ imports: [HookguardModule.forRoot()], controllers: [BadLimitController] })
    class BadLimitModule {}
    await expect(create(BadLimitModule)).rejects.toThrow(
      new TypeError(
        '[hookguard] BadLimitController.hook(): limit must be a whole number of bytes ≥ 1.',
      ),
    );
  });

  it('refuses a bad module option, and an unknown scheme name', async () => {
    @Controller()
    class NamedController {
      @Post('hook')
      @VerifyWebhook('github')
      hook() {}
    }
    @Module({
      imports: [HookguardModule.forRoot({ schemes: { stripe: scheme } })],
      controllers: [NamedController],
    })
    class UnknownNameModule {}
    await expect(create(UnknownNameModule)).rejects.toThrow(
      "[hookguard] NamedController.hook(): no scheme is named 'github'; HookguardModule.forRoot({ schemes }) names 'stripe'.",
    );
    @Module({
      imports: [HookguardModule.forRoot({ errors: 'next' as 'throw' })],
      controllers: [GuardedController],
    })
    class BadErrorsModule {}
    await expect(create(BadErrorsModule)).rejects.toThrow(
      "[hookguard] GuardedController.a(): errors must be 'respond' or 'throw'.",
    );
  });
});

describe('@hookguard/nestjs types', () => {
  it('types the verified webhook by the scheme', () => {
    expectTypeOf<WebhookOf<typeof scheme>>().toEqualTypeOf<VerifiedWebhook<StripeEvent>>();
    const request = {} as NestHttpRequest;
    expectTypeOf(
      () => verifiedWebhook(request, scheme).payload,
    ).returns.toEqualTypeOf<StripeEvent>();
    expectTypeOf(() => verifiedWebhook(request).payload).returns.toBeUnknown();
    // @ts-expect-error: a scheme's payload has only its own fields.
    expectTypeOf(() => verifiedWebhook(request, scheme).payload.amount).toBeFunction();
    // @ts-expect-error: @VerifyWebhook takes a scheme or a scheme's name.
    VerifyWebhook({ secret: SECRET });
    expectTypeOf(VerifyWebhook(scheme)).toExtend<ClassDecorator & MethodDecorator>();
    expectTypeOf(Webhook()).toEqualTypeOf<ParameterDecorator>();
  });
});
