// @ts-check
/**
 * Part 4, replay stores: what a replay store adds to verifying one delivery. Every case
 * verifies a fresh signed delivery (a 256 B Cashfree webhook); with a store it also claims
 * and commits it, as an adapter does. Each ratio is to `verify` without a store, the median
 * over rounds of the two figures measured in the same round.
 */
import { cashfree, sign, verify } from '@hookguard/core';
import { jsonBody } from './payloads.mjs';
import { measureRounds } from './rounds.mjs';
import { median, pairedRatio, pairedSpreadPct } from './stats.mjs';

const SECRET = 'whsec_bench_secret_0123456789abcdef';
const NOW = 1_700_000_000_000;
const SIZE = 256;
// Distinct deliveries per key space: each differs by its signed timestamp (all within the
// tolerance), so each has its own replay key. A case that runs through them moves to a
// fresh key space, so it never measures a replay.
const POOL = 8192;

/**
 * A store to measure: `open(space)` gives a store on a fresh key space (a new memory store,
 * a new Redis prefix, a new table); `close` stops what the entry started.
 * @typedef {{ name: string, batch: number, open(space: number): Promise<import('@hookguard/core').ReplayStore>, close(): Promise<void> }} StoreUnderTest
 */

const scheme = cashfree.webhook({ secret: SECRET });
const text = jsonBody(SIZE);
const deliveries = Array.from({ length: POOL }, (_, i) => {
  const signed = sign(scheme, { body: text, timestamp: NOW - i });
  return { method: 'POST', url: '/hook', headers: signed.headers, body: Buffer.from(signed.body) };
});

/** A case that verifies the next delivery, with a store or without. */
function deliveryCase(/** @type {StoreUnderTest | undefined} */ entry) {
  let next = 0;
  let space = 0;
  /** @type {import('@hookguard/core').VerifyOptions} */
  let options = { now: () => NOW };
  const renew = async () => {
    next = 0;
    if (entry !== undefined) options = { now: () => NOW, replayStore: await entry.open(space++) };
  };
  return {
    renew,
    async run() {
      if (next === POOL) await renew();
      const verified = await verify(scheme, /** @type {any} */ (deliveries[next++]), options);
      if (entry === undefined) return;
      if (verified.replayClaim === undefined) throw new Error(`${entry.name} did not claim`);
      await verified.replayClaim.commit();
    },
  };
}

/**
 * @param {{ rounds: number, time: number, stores: readonly StoreUnderTest[] }} options
 */
export async function runReplayStores({ rounds, time, stores }) {
  const cases = [
    { name: 'verify, no store', batch: 64, ...deliveryCase(undefined) },
    ...stores.map((entry) => ({
      name: `verify + claim + commit: ${entry.name}`,
      batch: entry.batch,
      ...deliveryCase(entry),
    })),
  ];
  for (const item of cases) {
    await item.renew();
    await item.run();
  }
  const perRound = await measureRounds(cases, { rounds, time });
  await Promise.all(stores.map((entry) => entry.close()));
  const base = perRound.get(cases[0]?.name ?? '') ?? [];
  return cases.map((item) => {
    const values = perRound.get(item.name) ?? [];
    return {
      name: item.name,
      medianUs: median(values),
      ratio: pairedRatio(values, base),
      spreadPct: pairedSpreadPct(values, base),
    };
  });
}
