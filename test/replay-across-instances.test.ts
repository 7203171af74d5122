import { randomUUID } from 'node:crypto';
import { PROVIDERS } from '@hookguard/core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { schemesFromEnv } from '../examples/express/src/schemes.js';
import { type HttpRequest, providerDeliveries } from '../scripts/demo/deliveries.mjs';
import { DEMO_ENV } from '../scripts/demo/demo-env.mjs';
import { startExample } from '../scripts/demo/example-process.mjs';
import { freshDatabase } from './support/fresh-database.js';
import { freshCashfreeDelivery } from './support/signed-delivery.js';
import { SIGNATURE_HEADERS } from './support/vector-checks.mjs';
import { type Answer, accepted, deliverLikeAVendor, post, summary } from './support/vendor.js';

// The example apps run as child processes on the built packages: run `pnpm build` first.
const schemes = schemesFromEnv(DEMO_ENV, () => {});
type Example = Awaited<ReturnType<typeof startExample>>;

/** Every webhook route of the example apps, in `providerDeliveries` order: the core's list. */
const WEBHOOK_PROVIDERS = PROVIDERS.filter((provider) => provider.verifies).map(
  (provider) => provider.id,
);

/**
 * Headers of the demo deliveries that a signature covers, or that verification reads
 * (the media type, Fiserv's API key): a replay keeps them, or it would not verify at all.
 */
const SIGNED_OR_CHECKED = new Set([
  ...SIGNATURE_HEADERS,
  // What else a signature covers or verification reads: timestamps, ids, the media type.
  'content-type',
  'x-webhook-timestamp',
  'api-key',
  'client-request-id',
  'timestamp',
  'authorization',
  'x-eth-date',
  'webhook-id',
  'webhook-timestamp',
  'svix-id',
  'svix-timestamp',
  'x-slack-request-timestamp',
  'x-signature-timestamp',
  'telnyx-timestamp',
  'x-twilio-email-event-webhook-timestamp',
  'x-zm-request-timestamp',
  'twitch-eventsub-message-id',
  'twitch-eventsub-message-timestamp',
  'paypal-transmission-id',
  'paypal-transmission-time',
  'paypal-cert-url',
  'paypal-auth-algo',
  'x-timestamp',
  'x-request-id',
  'x-hubspot-request-timestamp',
  'box-signature-secondary',
  'box-delivery-timestamp',
  'box-signature-version',
  'box-signature-algorithm',
  'x-docusign-signature-2',
]);

/**
 * The request as a vendor's attempt `tag` would carry it: every header outside
 * {@link SIGNED_OR_CHECKED} given a new value, plus the ids, topics and idempotency tokens
 * vendors send beside the signature (none of them signed) and a header of our own. A replay
 * key taken from any of them would let a captured delivery through as new.
 */
function withUnsignedHeaders(request: HttpRequest, tag: string): HttpRequest {
  const kept = Object.entries(request.headers).map(([name, value]) =>
    SIGNED_OR_CHECKED.has(name) ? [name, value] : [name, `${value}-${tag}`],
  );
  return {
    ...request,
    headers: {
      ...Object.fromEntries(kept),
      'x-github-delivery': randomUUID(),
      'x-github-event': `push-${tag}`,
      'x-shopify-webhook-id': randomUUID(),
      'x-shopify-topic': `orders/${tag}`,
      'x-shopify-event-id': randomUUID(),
      'x-razorpay-event-id': `evt_${randomUUID()}`,
      'i-twilio-idempotency-token': randomUUID(),
      'idempotency-key': randomUUID(),
      // Mercado Pago signs its x-request-id: a delivery that carries one keeps it.
      ...(request.headers['x-request-id'] === undefined ? { 'x-request-id': randomUUID() } : {}),
      'user-agent': `vendor-${tag}/1.0`,
      [`x-attempt-${tag}`]: '1',
    },
  };
}

const COPIES = 32;

/** An answer to one of several identical copies: accepted, in progress elsewhere, or replayed. */
function expectedForCopy(answer: Answer): boolean {
  if (answer.status === 200) return true;
  if (answer.status === 409)
    return answer.code === 'delivery_in_progress' && answer.retryAfter === '30';
  return answer.status === 401 && answer.code === 'replayed';
}

/**
 * The shared stores: each group's apps start on a store no other test writes to under the
 * example apps' default key prefix (the global setups start empty servers for every run, and
 * PostgreSQL gets a database of its own), so every delivery below is new to it.
 */
const SHARED_STORES: readonly {
  readonly name: string;
  readonly description: string;
  env(): Promise<Record<string, string>>;
}[] = [
  {
    name: 'Redis',
    description: 'Redis (shared by every instance)',
    env: async () => ({ REDIS_URL: inject('redisUrl') }),
  },
  {
    name: 'Redis Cluster',
    description: 'Redis Cluster (shared by every instance)',
    env: async () => ({
      REDIS_CLUSTER_NODES: inject('redisClusterNodes')
        .map((node) => `${node.host}:${node.port}`)
        .join(','),
    }),
  },
  {
    name: 'PostgreSQL',
    description: 'PostgreSQL (shared by every instance)',
    env: async () => ({ DATABASE_URL: await freshDatabase(inject('postgresUrl')) }),
  },
];

for (const store of SHARED_STORES) {
  describe(`the express and fastify examples sharing one ${store.name}`, () => {
    let express: Example;
    let fastify: Example;
    beforeAll(async () => {
      const env = { ...DEMO_ENV, ...(await store.env()) };
      [express, fastify] = await Promise.all([
        startExample('express', env),
        startExample('fastify', env),
      ]);
    });
    afterAll(async () => {
      await Promise.all([express?.stop(), fastify?.stop()]);
    });

    it(`both say they use ${store.name}`, () => {
      expect(express.output()).toContain(`replay store: ${store.description}`);
      expect(fastify.output()).toContain(`replay store: ${store.description}`);
    });

    it("refuses as replayed, on either instance, every provider's delivery the other accepted, even with every unsigned header changed", async () => {
      const valid = providerDeliveries(schemes, Date.now()).filter(
        (delivery) => delivery.label.startsWith('valid') && delivery.request.method === 'POST',
      );
      expect(valid.map((delivery) => delivery.provider)).toEqual(WEBHOOK_PROVIDERS);
      for (const [index, delivery] of valid.entries()) {
        const [first, second] = index % 2 === 0 ? [express, fastify] : [fastify, express];
        const what = `${delivery.provider}, accepted by ${first.name}`;
        const log: Answer[] = [];
        const captured = withUnsignedHeaders(delivery.request, 'vendor');
        const answer = await post(first.url, captured);
        log.push(answer);
        expect(answer.status, `${what}: ${answer.text}`).toBe(200);
        // The commit lands once the first answer is sent: until then a copy is in progress.
        const replay = await deliverLikeAVendor(second.url, captured, log);
        expect([replay.status, replay.code], `${what}, replayed on ${second.name}`).toEqual([
          401,
          'replayed',
        ]);
        for (const app of [second, first]) {
          const changed = await deliverLikeAVendor(
            app.url,
            withUnsignedHeaders(delivery.request, `attacker-${app.name}`),
            log,
          );
          expect(
            [changed.status, changed.code],
            `${what}, replayed on ${app.name} with other unsigned headers`,
          ).toEqual([401, 'replayed']);
        }
        expect(accepted(log), `${what}: ${summary(log)}`).toBe(1);
      }
    });

    it(`accepts exactly one of ${COPIES} identical deliveries sent in parallel to both instances`, async () => {
      const delivery = freshCashfreeDelivery();
      const answers = await Promise.all(
        Array.from({ length: COPIES }, (_, i) =>
          post((i % 2 === 0 ? express : fastify).url, delivery),
        ),
      );
      expect(accepted(answers), summary(answers)).toBe(1);
      expect(
        answers.filter((answer) => !expectedForCopy(answer)),
        summary(answers),
      ).toEqual([]);
      const later = await deliverLikeAVendor(express.url, delivery, []);
      expect([later.status, later.code]).toEqual([401, 'replayed']);
    });
  });
}

describe('the express and fastify examples, each with its own memory store', () => {
  let apps: Example[] = [];
  beforeAll(async () => {
    apps = await Promise.all([
      startExample('express', DEMO_ENV),
      startExample('fastify', DEMO_ENV),
    ]);
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
  });

  it('say their store is in memory', () => {
    for (const app of apps) expect(app.output()).toContain('replay store: in memory');
  });

  it.each([0, 1])(
    `instance %i accepts exactly one of ${COPIES} identical deliveries sent to it in parallel`,
    async (index) => {
      const app = apps[index] as Example;
      const delivery = freshCashfreeDelivery();
      const answers = await Promise.all(
        Array.from({ length: COPIES }, () => post(app.url, delivery)),
      );
      expect(accepted(answers), `${app.name}: ${summary(answers)}`).toBe(1);
      expect(
        answers.filter((answer) => !expectedForCopy(answer)),
        summary(answers),
      ).toEqual([]);
      const later = await deliverLikeAVendor(app.url, delivery, []);
      expect([later.status, later.code]).toEqual([401, 'replayed']);
    },
  );
});
