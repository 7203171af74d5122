// @ts-check
/**
 * `pnpm bench`: micro (verify vs the HMAC floor and the peers), HTTP (frameworks, autocannon)
 * and memory (RSS under an over-limit flood), written to docs/benchmarks.md with charts.
 * `pnpm bench --quick` runs each part for a few seconds and writes to a temp directory: it
 * keeps the harness from rotting (the test command runs it) and asserts nothing about speed.
 * `--only micro|http|memory` runs one part.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHttp } from './http.mjs';
import { measure } from './memory-under-attack.mjs';
import { runMicro } from './micro.mjs';
import { sizeLabel } from './payloads.mjs';
import { barChart, markdown, microTargets } from './report.mjs';

const quick = process.argv.includes('--quick');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex === -1 ? undefined : process.argv[onlyIndex + 1];
const wanted = (/** @type {string} */ part) => only === undefined || only === part;
const outDir = quick
  ? join(tmpdir(), 'hookguard-bench')
  : fileURLToPath(new URL('../../docs/', import.meta.url));
mkdirSync(outDir, { recursive: true });

const micro = wanted('micro')
  ? await runMicro(quick ? { rounds: 1, time: 20, sizes: [256, 4096] } : { rounds: 7, time: 150 })
  : undefined;
const http = wanted('http')
  ? await runHttp(
      quick
        ? { rounds: 1, duration: 1, connections: 4, size: 4096 }
        : { rounds: 5, duration: 5, connections: 32, size: 4096 },
    )
  : undefined;
const memory = wanted('memory')
  ? [
      await measure('express', quick ? 8 : 200, quick ? 1 : 10),
      await measure('fastify', quick ? 8 : 200, quick ? 1 : 10),
    ]
  : undefined;

const command = `pnpm bench${quick ? ' --quick' : ''}${only ? ` --only ${only}` : ''}`;
writeFileSync(join(outDir, 'benchmarks.md'), markdown({ micro, http, memory, command, quick }));
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
  const groups = http.map(({ framework, rows }) => ({
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

// A short summary on the terminal.
if (micro)
  for (const check of microTargets(micro))
    console.log(
      `${check.ok ? '✓' : '✗'} ${check.what}: ${check.value.toFixed(2)} × (limit ${check.limit} ×)`,
    );
if (http)
  for (const { framework, rows } of http)
    for (const row of rows)
      console.log(
        `${framework} ${row.label}: ${row.rps.toFixed(0)} req/s, × (a) ${row.vsRaw.toFixed(2)}, × (b) ${row.vsHandwritten.toFixed(2)}`,
      );
if (memory)
  for (const row of memory)
    console.log(
      `${row.name}: idle ${row.idleMiB.toFixed(1)} MiB, peak ${row.peakMiB.toFixed(1)} MiB (+${row.growthMiB.toFixed(1)} MiB); of ${row.sent} over-limit requests ${row.refused} answered 413, ${row.other} another status, ${row.reset} reset while still sending, ${row.failed} closed otherwise; serving afterwards: ${row.healthyAfter}`,
    );
console.log(`written: ${join(outDir, 'benchmarks.md')}`);
