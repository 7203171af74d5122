// @ts-check
/**
 * Part 2b, side by side: the hookguard route and the hand-written one (b), loaded at the same
 * time, both servers on the same core. Taken one after the other (part 2), each case gets
 * whatever the shared machine gives it during its own seconds, and one case's req/s moved
 * by 0.5–2 × between rounds: a paired ratio then resolves about ± 5 %, wider than the 3 %
 * target it is meant to judge. Loaded at once, the two servers share every slowdown, and
 * their req/s ratio is the inverse of what each request costs them.
 *
 * Each round starts a fresh pair, alternating which server starts and is loaded first: with
 * one fixed pair, the one started first kept an edge of 1–3 % (in either direction, so it
 * did not average out), measured by loading two copies of the same route.
 */
import { load, pinLoadGenerator, requestFor, startServer, unpinLoadGenerator } from './http.mjs';
import { median, pairedSpreadPct } from './stats.mjs';

const PAIR = /** @type {const} */ (['handwritten', 'hookguard']);

/**
 * @param {{ frameworks: readonly string[], rounds: number, duration?: number, amount?: number, connections: number, size: number }} options
 */
export async function runSideBySide({ frameworks, rounds, duration, amount, connections, size }) {
  const pinned = pinLoadGenerator();
  const request = await requestFor('hookguard', size);
  const results = [];
  for (const framework of frameworks) {
    /** @type {{ rps: number[], cpu: number[] }} */
    const ratios = { rps: [], cpu: [] };
    for (let round = 0; round < rounds; round++) {
      /** @type {string[]} */
      const order = round % 2 === 0 ? [...PAIR] : [...PAIR].reverse();
      /** @type {Map<string, Awaited<ReturnType<typeof startServer>>>} */
      const servers = new Map();
      try {
        for (const name of order) servers.set(name, await startServer(framework, name, pinned));
        const loadBoth = (/** @type {Parameters<typeof load>[2]} */ options) =>
          Promise.all(order.map((name) => load(servers.get(name), request, options)));
        // Warm-up: JIT both servers; the quick run (amount) only proves the harness works.
        // As long as the measured run: after one second, fresh pairs spread 0.89–0.98 ×
        // around their median, wider than one warmed pair (decision 170).
        if (amount === undefined) await loadBoth({ duration: duration ?? 3, connections });
        const measured = await loadBoth({ duration, amount, connections });
        const of = (/** @type {string} */ name) => measured[order.indexOf(name)];
        ratios.rps.push(of('hookguard').rps / of('handwritten').rps);
        ratios.cpu.push(of('hookguard').cpuUsPerRequest / of('handwritten').cpuUsPerRequest);
      } finally {
        await Promise.all([...servers.values()].map((server) => server.stop()));
      }
    }
    const ones = ratios.rps.map(() => 1);
    results.push({
      framework,
      rounds,
      rps: median(ratios.rps),
      rpsRange: [Math.min(...ratios.rps), Math.max(...ratios.rps)],
      rpsSpreadPct: pairedSpreadPct(ratios.rps, ones),
      cpu: median(ratios.cpu),
    });
    process.stderr.write(`side by side: ${framework} done\n`);
  }
  if (pinned) unpinLoadGenerator();
  return { pinned, frameworks: results };
}
