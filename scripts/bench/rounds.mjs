// @ts-check
/**
 * Many short rounds, every case once per round in rotated order (tinybench), each sample a
 * batch of awaited calls divided by the batch. A shared machine drifts between rounds far
 * more than within one, so callers compare cases by `pairedRatio` over the same rounds.
 */
import { Bench } from 'tinybench';

/** @typedef {{ name: string, batch: number, run(): unknown }} RoundCase */

/**
 * @param {readonly RoundCase[]} cases
 * @param {{ rounds: number, time: number }} options
 * @returns {Promise<Map<string, number[]>>} per case, its median µs per call in each round
 */
export async function measureRounds(cases, { rounds, time }) {
  /** @type {Map<string, number[]>} */
  const perRound = new Map(cases.map((item) => [item.name, []]));
  for (let round = 0; round < rounds; round++) {
    // The JIT warms up once, in the first round; later rounds only measure.
    const bench = new Bench({
      time,
      warmup: round === 0,
      warmupTime: 100,
      warmupIterations: 8,
      iterations: 8,
    });
    const order = [...cases.slice(round % cases.length), ...cases.slice(0, round % cases.length)];
    for (const item of order) {
      bench.add(item.name, async () => {
        for (let i = 0; i < item.batch; i++) await item.run();
      });
    }
    await bench.run();
    for (const task of bench.tasks) {
      const result = /** @type {{ latency?: { p50: number } }} */ (task.result);
      const batch = cases.find((item) => item.name === task.name)?.batch ?? 1;
      perRound.get(task.name)?.push(((result.latency?.p50 ?? Number.NaN) * 1000) / batch);
    }
  }
  return perRound;
}
