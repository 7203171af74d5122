import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_ENV } from '../../scripts/demo/demo-env.mjs';
import { startExample } from '../../scripts/demo/example-process.mjs';
import { type AppProcess, startFaultApp } from '../support/app-process.js';
import { eventually } from '../support/eventually.js';
import { freshDatabase } from '../support/fresh-database.js';
import { type PostgresServer, startPostgresServer } from '../support/postgres-server.js';
import { freshCashfreeDelivery, tampered } from '../support/signed-delivery.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import {
  type Answer,
  accepted,
  deliverLikeAVendor,
  expectAcceptedOnceAfterwards,
  post,
  summary,
} from '../support/vendor.js';

type Example = Awaited<ReturnType<typeof startExample>>;
const EXAMPLES = ['express', 'fastify'] as const;
// The example apps keep hookguard's defaults: a store call may take 1 s, a lease 30 s.
const STORE_TIMEOUT_MS = 1000;
const LEASE_MS = 30_000;
/**
 * How long a vendor's retries may take to be accepted once the network is back: well inside
 * the lease, so an acceptance this soon can only come from a late claim having been released
 * by its token, never from its lease running out.
 */
const WITHIN_THE_LEASE = { deadlineMs: LEASE_MS / 3 };
// Trust authentication ignores it: it is in the URL only to prove it never leaks.
const PASSWORD = 'hunter2';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

const NETWORK_FAULTS: readonly {
  readonly name: string;
  apply(proxy: TcpProxy): void;
  /** The warning's failure, after `[hookguard] cashfree.webhook: `. */
  readonly warning: RegExp;
  /** Whether the claim reaches PostgreSQL after its timeout (then its late reply releases it). */
  readonly lateClaim: boolean;
}[] = [
  {
    name: 'frozen (every byte held)',
    apply: (proxy) => proxy.freeze(),
    warning: /the replay store did not answer within 1000 ms/,
    lateClaim: true,
  },
  {
    name: `slower than the store timeout (each byte ${STORE_TIMEOUT_MS * 1.5} ms late)`,
    apply: (proxy) => proxy.delay(STORE_TIMEOUT_MS * 1.5),
    warning: /the replay store did not answer within 1000 ms/,
    lateClaim: true,
  },
  {
    name: 'resetting every connection',
    apply: (proxy) => proxy.drop(),
    // The error's kind (and code, where it has one): never a store's message, which may
    // quote the connection string.
    warning: /the replay store failed \(\w[^)]*\)/,
    // A reset connection fails the call before a byte of it reaches the database.
    lateClaim: false,
  },
];

describe('example apps whose network to PostgreSQL fails (a TCP proxy in between)', () => {
  let proxy: TcpProxy;
  let databaseUrl: string;
  let apps: Record<(typeof EXAMPLES)[number], Example>;
  const everyAnswer: Answer[] = [];
  beforeAll(async () => {
    const database = new URL(await freshDatabase(inject('postgresUrl')));
    proxy = await startTcpProxy({ host: database.hostname, port: Number(database.port) });
    cleanup.push(() => proxy.close());
    database.port = String(proxy.port);
    database.password = PASSWORD;
    databaseUrl = database.toString();
    const env = { ...DEMO_ENV, DATABASE_URL: databaseUrl };
    const [express, fastify] = await Promise.all(EXAMPLES.map((name) => startExample(name, env)));
    cleanup.push(async () => {
      await Promise.all([express?.stop(), fastify?.stop()]);
    });
    apps = { express: express as Example, fastify: fastify as Example };
  });

  describe.each(NETWORK_FAULTS.map((fault) => [fault.name, fault] as const))(
    'a network %s',
    (_name, fault) => {
      it.each(EXAMPLES)(
        '%s answers 503 replay_store_unavailable and warns; once it passes, the retry is accepted exactly once',
        async (name) => {
          const app = apps[name];
          const delivery = freshCashfreeDelivery();
          const log: Answer[] = [];
          const outputBefore = app.output().length;
          fault.apply(proxy);
          try {
            const during = await post(app.url, delivery);
            log.push(during);
            expect([during.status, during.code]).toEqual([503, 'replay_store_unavailable']);
            const forged = await post(app.url, tampered(delivery));
            everyAnswer.push(forged);
            expect([forged.status, forged.code]).toEqual([401, 'invalid_signature']);
          } finally {
            proxy.pass();
          }
          await expectAcceptedOnceAfterwards(app.url, delivery, log, WITHIN_THE_LEASE);
          everyAnswer.push(...log);
          const output = app.output().slice(outputBefore);
          expect(output).toMatch(
            new RegExp(
              `\\[hookguard\\] cashfree\\.webhook: ${fault.warning.source}; answering 503 replay_store_unavailable`,
            ),
          );
          // Printed before the release that let the retry through; stderr may trail the answer.
          const late = 'a claim that timed out reached the replay store late; releasing it';
          if (fault.lateClaim) {
            await eventually(
              async () => app.output().slice(outputBefore).includes(late),
              'the late-claim warning',
            );
          }
          expect(app.output().slice(outputBefore).includes(late)).toBe(fault.lateClaim);
        },
      );
    },
  );

  it(`never shows the database password, neither in the apps' output nor in an answer`, () => {
    expect(databaseUrl).toContain(`:${PASSWORD}@`);
    // The faults above made the apps report failures of that very connection.
    for (const name of EXAMPLES) {
      expect(apps[name].output()).toMatch(/PostgreSQL is unreachable/);
      expect(apps[name].output()).not.toContain(PASSWORD);
    }
    expect(everyAnswer.length).toBeGreaterThan(NETWORK_FAULTS.length * EXAMPLES.length * 3);
    expect(everyAnswer.filter((answer) => answer.text.includes(PASSWORD))).toEqual([]);
  });
});

describe('PostgreSQL killed (SIGKILL, backends included) and restarted', () => {
  // The fault app, so a delivery's claim can be left unsettled: "first" never answers it.
  const LEASE_SECONDS = 5;
  // A lease is timed by the database's clock from the moment the claim landed, a little
  // before the app says it is hanging; this much earlier is still "when the lease ended".
  const CLOCK_SLACK_MS = 300;
  let server: PostgresServer;
  let first: AppProcess;
  let second: AppProcess;
  beforeAll(async () => {
    server = await startPostgresServer();
    cleanup.push(() => server.destroy());
    const env = {
      REPLAY_LEASE_SECONDS: String(LEASE_SECONDS),
      REPLAY_STORE_TIMEOUT_MS: String(STORE_TIMEOUT_MS),
      CASHFREE_CLIENT_SECRET: DEMO_ENV.CASHFREE_CLIENT_SECRET,
      DATABASE_URL: server.url,
    };
    [first, second] = await Promise.all([
      startFaultApp({ ...env, FAULT_APP_NAME: 'first' }),
      startFaultApp({ ...env, FAULT_APP_NAME: 'second' }),
    ]);
    cleanup.push(async () => {
      await Promise.all([first?.stop(), second?.stop()]);
    });
  });

  it('keeps a committed delivery replayed and an uncommitted claim leased; the latter is accepted exactly once after its lease', async () => {
    const committed = freshCashfreeDelivery();
    const committedLog: Answer[] = [];
    await deliverLikeAVendor(second.url, committed, committedLog);
    await deliverLikeAVendor(second.url, committed, committedLog);
    expect(summary(committedLog)).toMatch(/^200, (409 delivery_in_progress, )*401 replayed$/);

    const uncommitted = freshCashfreeDelivery({ hang: 'first' });
    const giveUp = new AbortController();
    cleanup.push(async () => giveUp.abort());
    // Never answered: the request is given up when the file ends.
    void post(first.url, uncommitted, giveUp.signal).catch(() => {});
    await eventually(
      async () => first.output().includes('hanging cashfree.webhook'),
      'the first instance holding the claim',
    );
    const claimedBy = Date.now();

    await server.kill();
    const uncommittedLog: Answer[] = [];
    try {
      for (const [delivery, log] of [
        [committed, committedLog],
        [uncommitted, uncommittedLog],
      ] as const) {
        const during = await post(second.url, delivery);
        log.push(during);
        expect([during.status, during.code]).toEqual([503, 'replay_store_unavailable']);
      }
      const forged = await post(second.url, tampered(committed));
      expect([forged.status, forged.code]).toEqual([401, 'invalid_signature']);
    } finally {
      await server.start();
    }

    // Committed rows survive a crash: still a replay.
    const replay = await deliverLikeAVendor(second.url, committed, committedLog);
    expect([replay.status, replay.code], summary(committedLog)).toEqual([401, 'replayed']);
    expect(accepted(committedLog), summary(committedLog)).toBe(1);

    // So does the lease: until it ends the retry is in progress, then it is accepted once.
    const leased = await deliverLikeAVendor(second.url, uncommitted, uncommittedLog, {
      retryOn: [503],
    });
    expect([leased.status, leased.code], summary(uncommittedLog)).toEqual([
      409,
      'delivery_in_progress',
    ]);
    const accepting = await deliverLikeAVendor(second.url, uncommitted, uncommittedLog);
    expect(accepting.status, summary(uncommittedLog)).toBe(200);
    expect(Date.now() - claimedBy).toBeGreaterThanOrEqual(LEASE_SECONDS * 1000 - CLOCK_SLACK_MS);
    const copy = await deliverLikeAVendor(second.url, uncommitted, uncommittedLog);
    expect([copy.status, copy.code]).toEqual([401, 'replayed']);
    expect(accepted(uncommittedLog), summary(uncommittedLog)).toBe(1);
  });
});
