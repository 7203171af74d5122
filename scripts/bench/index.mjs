// @ts-check
/**
 * `pnpm bench`: micro (verify vs the HMAC floor and the peers), HTTP (frameworks, autocannon),
 * memory (RSS under an over-limit flood), replay stores (what each store adds to a
 * verification), Web Crypto (the core's Web Crypto build beside its node:crypto one) and
 * public-key schemes (Ed25519, ECDSA, RSA verify beside bare node:crypto) and forged floods
 * (refusing beside accepting, in the core and through each adapter), written to
 * docs/benchmarks.md with charts.
 * `pnpm bench --quick` runs each part for a few seconds and writes to a temp directory: it
 * keeps the harness from rotting (the test command runs it) and asserts nothing about speed.
 * `--only micro|http|sidebyside|memory|replay|webcrypto|publickey|forged` runs one part.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sizeLabel } from './payloads.mjs';
import { barChart, markdown, microTargets } from './report.mjs';

// Each part's module is loaded when that part runs, not before the first one: the micro part
// measures in a process holding only what its cases use. Loading ioredis (for the replay
// part) before it made hookguard's 256 B verification 1.41 × instead of 1.25–1.28 × the
// floor + parse, with the floor unchanged (decision 167).

const quick = process.argv.includes('--quick');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex === -1 ? undefined : process.argv[onlyIndex + 1];
const wanted = (/** @type {string} */ part) => only === undefined || only === part;
const outDir = quick
  ? join(tmpdir(), 'hookguard-bench')
  : fileURLToPath(new URL('../../docs/', import.meta.url));
mkdirSync(outDir, { recursive: true });

const micro = wanted('micro')
  ? await (await import('./micro.mjs')).runMicro(
      quick ? { rounds: 1, time: 10, sizes: [256, 4096] } : { rounds: 21, time: 40 },
    )
  : undefined;
const http = wanted('http')
  ? await (await import('./http.mjs')).runHttp(
      quick
        ? { rounds: 1, amount: 100, connections: 2, size: 4096 }
        : { rounds: 9, duration: 3, connections: 32, size: 4096 },
    )
  : undefined;
const sideBySide = wanted('sidebyside')
  ? await (await import('./side-by-side.mjs')).runSideBySide(
      quick
        ? { frameworks: ['express', 'fastify'], rounds: 2, amount: 100, connections: 2, size: 4096 }
        : {
            frameworks: ['express', 'fastify'],
            rounds: 10,
            duration: 3,
            connections: 32,
            size: 4096,
          },
    )
  : undefined;
// The quick run floods both apps at once (it measures nothing); the real run one at a time.
const { measure } = wanted('memory')
  ? await import('./memory-under-attack.mjs')
  : { measure: undefined };
const memory = measure
  ? quick
    ? await Promise.all([measure('express', 8, 1), measure('fastify', 8, 1)])
    : [await measure('express', 200, 10), await measure('fastify', 200, 10)]
  : undefined;

let replay;
if (wanted('replay')) {
  const { replayStoreTargets } = await import('./replay-store-targets.mjs');
  const { runReplayStores } = await import('./replay-stores.mjs');
  const { stores, notMeasured } = await replayStoreTargets({ quick });
  const rows = await runReplayStores(
    quick ? { rounds: 1, time: 10, stores } : { rounds: 21, time: 100, stores },
  );
  replay = { rows, notMeasured };
  process.stderr.write('replay stores done\n');
}

const webCrypto = wanted('webcrypto')
  ? await (await import('./web-crypto.mjs')).runWebCrypto(
      quick
        ? { rounds: 1, time: 10, sizes: [256] }
        : { rounds: 21, time: 100, sizes: [256, 4096, 65536] },
    )
  : undefined;

const publicKey = wanted('publickey')
  ? await (await import('./public-key.mjs')).runPublicKey(
      quick ? { rounds: 1, time: 10, sizes: [256] } : { rounds: 21, time: 100, sizes: [256, 4096] },
    )
  : undefined;

const forged = wanted('forged')
  ? await (await import('./forged.mjs')).runForged(
      quick
        ? { rounds: 1, time: 10, size: 256, http: { rounds: 1, amount: 100, connections: 2 } }
        : { rounds: 21, time: 100, size: 256, http: { rounds: 5, duration: 3, connections: 32 } },
    )
  : undefined;

const command = `pnpm bench${quick ? ' --quick' : ''}${only ? ` --only ${only}` : ''}`;
writeFileSync(
  join(outDir, 'benchmarks.md'),
  markdown({
    micro,
    http,
    sideBySide,
    memory,
    replay,
    webCrypto,
    publicKey,
    forged,
    command,
    quick,
  }),
);
if (micro) {
  const highlight = (/** @type {string} */ name) => name.startsWith('hookguard cashfree.webhook');
  const groups = micro.map(({ size, rows }) => ({
    group: `${sizeLabel(size)} body (× floor)`,
    rows: rows
      .filter((row) => row.job === 'verify + parse')
      .map((row) => ({ label: row.name, value: row.ratio, highlight: highlight(row.name) })),
  }));
  writeFileSync(
    join(outDir, 'benchmarks-micro.svg'),
    barChart(
      'Verify and parse one webhook, as a multiple of the bare HMAC (lower is better)',
      groups,
      '×',
    ),
  );
}
if (http) {
  const groups = http.frameworks.map(({ framework, rows }) => ({
    group: `${framework} (req/s × hand-written check)`,
    rows: rows.map((row) => ({
      label: row.label,
      value: row.vsHandwritten,
      highlight: row.name === 'hookguard',
    })),
  }));
  writeFileSync(
    join(outDir, 'benchmarks-http.svg'),
    barChart(
      'Requests per second, as a multiple of the hand-written HMAC route (higher is better)',
      groups,
      '×',
    ),
  );
}

if (quick) {
  // The quick run is the test command's check that the harness still works: it states
  // what ran, never a speed (a few seconds on a shared machine mean nothing).
  if (memory?.some((row) => !row.healthyAfter || row.refused === 0))
    throw new Error('bench --quick: an app did not refuse the flood or stopped serving');
  console.log(
    `bench --quick: ${micro?.reduce((n, size) => n + size.rows.length, 0) ?? 0} micro cases, ${http?.frameworks.reduce((n, f) => n + f.rows.length, 0) ?? 0} HTTP cases, ${sideBySide?.frameworks.length ?? 0} side-by-side pairs, ${memory?.length ?? 0} floods, ${replay?.rows.length ?? 0} replay store cases, ${webCrypto?.length ?? 0} Web Crypto sizes, ${publicKey?.length ?? 0} public-key sizes, ${forged?.rows.length ?? 0} forged-flood adapters ran${replay?.notMeasured.length ? ` (not measured: ${replay.notMeasured.map((row) => `${row.name}, ${row.reason}`).join('; ')})` : ''}; report in ${join(outDir, 'benchmarks.md')}`,
  );
  process.exit(0);
}

// A short summary on the terminal.
if (micro)
  for (const check of microTargets(micro))
    console.log(
      `${check.ok ? '✓' : '✗'} ${check.what}: ${check.value.toFixed(2)} × (limit ${check.limit} ×)`,
    );
if (http)
  for (const { framework, rows } of http.frameworks)
    for (const row of rows)
      console.log(
        `${framework} ${row.label}: ${row.rps.toFixed(0)} req/s, × (a) ${row.vsRaw.toFixed(2)}, × (b) ${row.vsHandwritten.toFixed(2)}; server CPU ${row.cpuUs.toFixed(0)} µs/request, × (b) ${row.cpuVsHandwritten.toFixed(2)}`,
      );
if (sideBySide)
  for (const row of sideBySide.frameworks)
    console.log(
      `${row.framework} side by side: hookguard ÷ (b) ${row.rps.toFixed(3)} × the req/s (${row.rpsRange.map((value) => value.toFixed(3)).join('–')}, ${row.rounds} rounds), ${row.cpu.toFixed(3)} × the server CPU per request`,
    );
if (memory)
  for (const row of memory)
    console.log(
      `${row.name}: idle ${row.idleMiB.toFixed(1)} MiB, peak ${row.peakMiB.toFixed(1)} MiB (+${row.growthMiB.toFixed(1)} MiB); of ${row.sent} over-limit requests ${row.refused} answered 413, ${row.other} another status, ${row.reset} reset while still sending, ${row.failed} closed otherwise; serving afterwards: ${row.healthyAfter}`,
    );
if (publicKey)
  for (const { size, ratios } of publicKey)
    for (const row of ratios)
      console.log(
        `${sizeLabel(size)} ${row.what} ÷ bare node:crypto verify: ${row.value.toFixed(2)} × (± ${row.spreadPct.toFixed(0)} %)`,
      );
if (replay)
  for (const row of replay.rows)
    console.log(
      `${row.name}: ${row.medianUs.toFixed(2)} µs, ${row.ratio.toFixed(2)} × verify without a store (± ${row.spreadPct.toFixed(0)} %)`,
    );
if (webCrypto)
  for (const { size, ratios } of webCrypto)
    for (const row of ratios)
      console.log(
        `${sizeLabel(size)} ${row.what}: ${row.value.toFixed(2)} × (± ${row.spreadPct.toFixed(0)} %)`,
      );
if (forged) {
  console.log(
    `forged ÷ valid in the core: ${forged.core.ratio.toFixed(2)} × (± ${forged.core.spreadPct.toFixed(0)} %)`,
  );
  for (const row of forged.rows)
    console.log(
      `${row.framework}: forged ÷ valid server CPU ${row.cpuRatio.toFixed(2)} × (± ${row.cpuSpreadPct.toFixed(0)} %); ${row.validRps.toFixed(0)} vs ${row.forgedRps.toFixed(0)} req/s`,
    );
}
console.log(`written: ${join(outDir, 'benchmarks.md')}`);
