// @ts-check
/**
 * A tiny webhook service for fault tests, run as its own process (`node fault-app.mjs`), on
 * the built packages (run `pnpm build` first). One route, `POST /webhooks/cashfree`, verified
 * by `@hookguard/express` with the replay store the example apps pick from the environment
 * (`DATABASE_URL`, `REDIS_CLUSTER_NODES` or `REDIS_URL`), and the replay timings a test can
 * wait out, unlike the examples' defaults:
 *
 * - `REPLAY_LEASE_SECONDS`: the claim's lease (`replayLease`);
 * - `REPLAY_STORE_TIMEOUT_MS`: how long a store call may take (`replayStoreTimeout`);
 * - `FAULT_APP_NAME`: this instance's name. The handler never answers a delivery whose body
 *   says `"hang": "<this name>"` (it prints `hanging <provider>` once the claim is taken), so
 *   that delivery's claim stays a lease for as long as the process lives. Another instance
 *   answers the identical delivery normally: that is how a test retries it elsewhere.
 * - `CASHFREE_CLIENT_SECRET`: the webhook secret.
 *
 * Prints `listening on http://host:port` once ready, like the example apps; warnings from
 * hookguard go to stderr as in production (`console.warn`).
 */
import { createServer } from 'node:http';
import { cashfree } from '@hookguard/core';
import { handleClientError, webhook } from '@hookguard/express';
import express from 'express';
import { replayStoreFromEnv } from '../../examples/express/src/replay-store.js';

/** @param {string} name */
function required(name) {
  const value = process.env[name];
  if (value === undefined || value === '') {
    console.error(`fault-app: ${name} must be set.`);
    process.exit(1);
  }
  return value;
}

/** @param {string} name */
function positiveNumber(name) {
  const value = Number(required(name));
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`fault-app: ${name} must be a number above 0.`);
    process.exit(1);
  }
  return value;
}

const name = required('FAULT_APP_NAME');
const scheme = cashfree.webhook({ secret: required('CASHFREE_CLIENT_SECRET') });
const replay = await replayStoreFromEnv();

const app = express();
app.post(
  '/webhooks/cashfree',
  webhook(scheme, {
    replayStore: replay.store,
    replayLease: positiveNumber('REPLAY_LEASE_SECONDS'),
    replayStoreTimeout: positiveNumber('REPLAY_STORE_TIMEOUT_MS'),
  }),
  (req, res) => {
    const verified = /** @type {import('@hookguard/core').VerifiedWebhook<any>} */ (req.webhook);
    if (verified.payload?.hang === name) {
      // The claim is taken and stays unsettled: no answer, so no commit and no release.
      console.log(`hanging ${verified.provider}`);
      return;
    }
    res.json({ provider: verified.provider, payload: verified.payload ?? null });
  },
);

const server = createServer(app);
server.on('clientError', handleClientError);
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  console.log(`replay store: ${replay.description}`);
  console.log(`fault-app ${name} listening on http://127.0.0.1:${address.port}`);
});

process.once('SIGTERM', () => {
  // A hanging request would keep close() waiting forever.
  server.closeAllConnections();
  server.close(() => replay.close().then(() => process.exit(0)));
});
