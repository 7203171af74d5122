import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import {
  cashfree,
  MemoryReplayStore,
  type ReplayStore,
  type SignedHttpRequest,
  sign,
} from '@hookguard/core';
import { RedisReplayStore } from '@hookguard/redis';
import request from 'supertest';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ADAPTERS, type RouteSpec, type RunningApp } from '../support/adapters.js';
import { eventually } from '../support/eventually.js';
import { startRedisServer } from '../support/redis-server.js';

const scheme = cashfree.webhook({ secret: 'secret', tolerance: false });
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

/** The stores every adapter is run with: each test gets a fresh key space. */
const STORES: readonly { name: string; open(url?: string): Promise<ReplayStore> }[] = [
  { name: 'a memory store', open: async () => new MemoryReplayStore() },
  {
    name: 'a Redis store',
    async open(url = inject('redisUrl')) {
      const store = await RedisReplayStore.connect(url, {
        prefix: `test:${randomUUID()}:`,
        warn: () => {},
      });
      cleanup.push(() => store.close());
      return store;
    },
  },
];

/** Resolves when `open()` is called: a handler that waits for the test. */
function gate(): { wait: Promise<void>; open(): void } {
  let open = () => {};
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

for (const adapter of ADAPTERS) {
  for (const storeKind of STORES) {
    describe(`${adapter.name} with ${storeKind.name}: lease, commit, release`, () => {
      async function appWith(handle: RouteSpec['handle'], url?: string) {
        const replayStore = await storeKind.open(url);
        const app: RunningApp = await adapter.start([
          { path: '/hook', scheme, replayStore, replayLease: 30, ...(handle ? { handle } : {}) },
        ]);
        cleanup.push(() => app.close());
        return app;
      }
      const deliver = (app: RunningApp, message: SignedHttpRequest) =>
        request(app.server)
          .post('/hook')
          .set(message.headers)
          .send(message.body as string);
      /** What a vendor does: retries while told the delivery is in progress. */
      async function deliverLikeAVendor(app: RunningApp, message: SignedHttpRequest) {
        let response = await deliver(app, message);
        await eventually(async () => {
          if (response.status !== 409) return true;
          response = await deliver(app, message);
          return response.status !== 409;
        }, 'an answer other than 409');
        return response;
      }

      for (const [failure, fail] of [
        ['answers 500', () => ({ status: 500, body: { error: 'database down' } })],
        [
          'throws',
          () => {
            throw new Error('database down');
          },
        ],
      ] as const) {
        it(`accepts, once, the identical retry of a delivery whose handler ${failure}`, async () => {
          let attempts = 0;
          const app = await appWith(() => {
            attempts++;
            return attempts === 1 ? fail() : { status: 200, body: { ok: true } };
          });
          const message = sign(scheme, { body: { id: randomUUID() } });
          const failed = failure === 'throws' ? (adapter.thrownHandlerStatus ?? 500) : 500;
          expect((await deliver(app, message)).status).toBe(failed);
          expect((await deliverLikeAVendor(app, message)).status).toBe(200);
          expect(attempts).toBe(2);
          // Once it succeeded and was committed, a third copy is a replay.
          const third = await deliverLikeAVendor(app, message);
          expect([third.status, third.body.error?.code]).toEqual([401, 'replayed']);
          expect(attempts).toBe(2);
        });
      }

      it('commits when the handler answers 4xx: the retry is a replay', async () => {
        let attempts = 0;
        const app = await appWith(() => {
          attempts++;
          return { status: 422, body: { error: 'unknown order' } };
        });
        const message = sign(scheme, { body: { id: randomUUID() } });
        expect((await deliver(app, message)).status).toBe(422);
        const retry = await deliverLikeAVendor(app, message);
        expect([retry.status, retry.body.error?.code]).toEqual([401, 'replayed']);
        expect(attempts).toBe(1);
      });

      it('answers a copy that arrives while the first is handled 409 delivery_in_progress, with Retry-After', async () => {
        const handling = gate();
        const started = gate();
        let attempts = 0;
        const app = await appWith(async () => {
          attempts++;
          started.open();
          await handling.wait;
          return { status: 200, body: { ok: true } };
        });
        const message = sign(scheme, { body: { id: randomUUID() } });
        const first = deliver(app, message).then((response) => response);
        await started.wait;
        const copy = await deliver(app, message);
        expect([copy.status, copy.body.error?.code]).toEqual([409, 'delivery_in_progress']);
        expect(copy.headers['retry-after']).toBe('30');
        handling.open();
        expect((await first).status).toBe(200);
        const later = await deliverLikeAVendor(app, message);
        expect([later.status, later.body.error?.code]).toEqual([401, 'replayed']);
        expect(attempts).toBe(1);
      });

      // Not for an adapter whose claim follows the handler's result (Lambda): the function
      // never sees the client leave (see AdapterHarness.settlesOnHandlerResult).
      it.skipIf(adapter.settlesOnHandlerResult)(
        'releases the claim when the client goes away before the answer, so the retry is accepted',
        async () => {
          const handling = gate();
          const started = gate();
          let attempts = 0;
          const app = await appWith(async () => {
            attempts++;
            if (attempts === 1) {
              started.open();
              await handling.wait;
            }
            return { status: 200, body: { ok: true } };
          });
          const message = sign(scheme, { body: { id: randomUUID() } });
          const { port } = app.server.address() as { port: number };
          const socket = connect(port, '127.0.0.1');
          const body = Buffer.from(message.body as string);
          const head = Object.entries({ ...message.headers, 'content-length': String(body.length) })
            .map(([name, value]) => `${name}: ${value}\r\n`)
            .join('');
          socket.write(`POST /hook HTTP/1.1\r\nhost: 127.0.0.1\r\n${head}\r\n`);
          socket.write(body);
          await started.wait;
          socket.destroy();
          // The vendor gave up (its timeout) long before the handler answers: wait until the
          // server has seen the connection go.
          const connections = () =>
            new Promise<number>((resolve, reject) =>
              app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
            );
          await eventually(
            async () => (await connections()) === 0,
            'the server seeing the client go',
          );
          handling.open();
          const retry = await deliverLikeAVendor(app, message);
          expect([retry.status, retry.body, attempts]).toEqual([200, { ok: true }, 2]);
        },
      );

      it('gives exactly one 200 for 32 identical deliveries sent at once', async () => {
        let attempts = 0;
        const app = await appWith(() => {
          attempts++;
          return { status: 200, body: { ok: true } };
        });
        const message = sign(scheme, { body: { id: randomUUID() } });
        const answers = await Promise.all(Array.from({ length: 32 }, () => deliver(app, message)));
        const statuses = answers.map((answer) => answer.status);
        expect(statuses.filter((status) => status === 200)).toHaveLength(1);
        expect(statuses.every((status) => [200, 401, 409].includes(status))).toBe(true);
        expect(attempts).toBe(1);
      });
    });
  }

  describe(`${adapter.name} with a Redis store that goes away`, () => {
    it('answers 503 replay_store_unavailable while Redis is down, without calling the handler, and recovers by itself', async () => {
      const server = await startRedisServer();
      cleanup.push(() => server.stop());
      let calls = 0;
      const replayStore = await RedisReplayStore.connect(server.url, { warn: () => {} });
      cleanup.push(() => replayStore.close());
      const app = await adapter.start([
        {
          path: '/hook',
          scheme,
          replayStore,
          handle: () => {
            calls++;
            return { status: 200, body: { ok: true } };
          },
        },
      ]);
      cleanup.push(() => app.close());
      const deliver = (n: number) => {
        const message = sign(scheme, { body: { n } });
        return request(app.server)
          .post('/hook')
          .set(message.headers)
          .send(message.body as string);
      };
      expect((await deliver(1)).status).toBe(200);
      await server.stop();
      const refused = await deliver(2);
      expect([refused.status, refused.body.error.code]).toEqual([503, 'replay_store_unavailable']);
      expect(calls).toBe(1);
      await server.start();
      let n = 3;
      await eventually(async () => (await deliver(n++)).status === 200, 'recovered');
      expect(calls).toBe(2);
    });
  });
}
