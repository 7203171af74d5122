import { handleClientError } from '@hookguard/nestjs';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';

/** A secret from the environment, or a demo value with a warning. */
function secret(name: string): string {
  const value = process.env[name];
  if (value) return value;
  console.warn(
    `[hookguard example] ${name} is not set: using a demo value. Set it before receiving real callbacks.`,
  );
  return `demo-${name.toLowerCase()}`;
}

const platform = process.env.NEST_PLATFORM === 'fastify' ? 'fastify' : 'express';
const app = await NestFactory.create(
  AppModule.register({
    stripeSecret: secret('STRIPE_WEBHOOK_SECRET'),
    githubSecret: secret('GITHUB_WEBHOOK_SECRET'),
  }),
  platform === 'fastify'
    ? new FastifyAdapter({ clientErrorHandler: handleClientError })
    : new ExpressAdapter(),
);
if (platform === 'express') app.getHttpServer().on('clientError', handleClientError);
app.enableShutdownHooks();

const host = process.env.HOST ?? '127.0.0.1';
await app.listen(Number(process.env.PORT ?? 3000), host);
const { port } = app.getHttpServer().address() as { port: number };
console.log(`hookguard nestjs example (${platform}) listening on http://${host}:${port}`);
