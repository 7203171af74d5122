// @ts-check
/** Writes the benchmark results as Markdown and SVG bar charts. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { PEER_COUNTERPARTS } from './http.mjs';
import { sizeLabel } from './payloads.mjs';
import { pairedRatio } from './stats.mjs';

const fixed = (/** @type {number} */ value, digits = 2) =>
  Number.isFinite(value) ? value.toFixed(digits) : '–';
const mark = (/** @type {boolean} */ ok) => (ok ? '✓' : '✗');

/** Horizontal bar chart: one group per title, one bar per row. */
export function barChart(
  /** @type {string} */ title,
  /** @type {{ group: string, rows: { label: string, value: number, highlight?: boolean }[] }[]} */ groups,
  /** @type {string} */ unit,
) {
  const barHeight = 16;
  const gap = 4;
  const labelWidth = 330;
  const chartWidth = 360;
  const max = Math.max(
    ...groups.flatMap((group) => group.rows.map((row) => row.value)).filter(Number.isFinite),
    1,
  );
  let y = 40;
  const parts = [];
  for (const group of groups) {
    parts.push(`<text x="8" y="${y + 12}" font-weight="bold">${escapeXml(group.group)}</text>`);
    y += barHeight + gap;
    for (const row of group.rows) {
      const width = Number.isFinite(row.value) ? Math.max(1, (row.value / max) * chartWidth) : 0;
      parts.push(`<text x="16" y="${y + 12}">${escapeXml(row.label)}</text>`);
      parts.push(
        `<rect x="${labelWidth}" y="${y}" width="${width.toFixed(1)}" height="${barHeight}" fill="${row.highlight ? '#2f6fde' : '#a7b4c9'}"/>`,
      );
      parts.push(
        `<text x="${(labelWidth + width + 6).toFixed(1)}" y="${y + 12}">${fixed(row.value)}${unit}</text>`,
      );
      y += barHeight + gap;
    }
    y += gap * 2;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + chartWidth + 80}" height="${y + 10}" font-family="system-ui, sans-serif" font-size="12">
<title>${escapeXml(title)}</title>
<rect width="100%" height="100%" fill="white"/>
<text x="8" y="20" font-size="14" font-weight="bold">${escapeXml(title)}</text>
${parts.join('\n')}
</svg>
`;
}

function escapeXml(/** @type {string} */ text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The micro targets (issue 6), evaluated on the measured ratios. */
export function microTargets(
  /** @type {Awaited<ReturnType<typeof import('./micro.mjs').runMicro>>} */ micro,
) {
  const limits = { 256: 1.3, 4096: 1.1, [1024 * 1024]: 1.05 };
  const checks = [];
  for (const { size, rows } of micro) {
    const floorParse = rows.find((row) => row.name === 'floor + JSON.parse');
    const hookguard = rows.find((row) => row.name === 'hookguard cashfree.webhook');
    if (!floorParse || !hookguard) continue;
    const ratio = pairedRatio(hookguard.rounds, floorParse.rounds);
    const limit = limits[/** @type {keyof typeof limits} */ (size)];
    if (limit !== undefined)
      checks.push({
        what: `verify (cashfree.webhook) ÷ (floor + JSON.parse) at ${sizeLabel(size)}`,
        value: ratio,
        limit,
        ok: ratio <= limit,
      });
    for (const peer of rows.filter((row) => row.group === 'peer')) {
      const ours = rows.find((row) => row.name === peer.counterpart);
      if (!ours) continue;
      const value = pairedRatio(ours.rounds, peer.rounds);
      checks.push({
        what: `${ours.name} faster than ${peer.name} at ${sizeLabel(size)}`,
        value,
        limit: 1,
        ok: value < 1,
      });
    }
  }
  return checks;
}

/**
 * @typedef {Awaited<ReturnType<typeof import('./micro.mjs').runMicro>>} MicroResults
 * @typedef {Awaited<ReturnType<typeof import('./http.mjs').runHttp>>} HttpResults
 * @typedef {Awaited<ReturnType<typeof import('./memory-under-attack.mjs').measure>>[]} MemoryResults
 * @typedef {{ rows: Awaited<ReturnType<typeof import('./replay-stores.mjs').runReplayStores>>, notMeasured: import('./replay-store-targets.mjs').NotMeasured[] }} ReplayResults
 * @typedef {Awaited<ReturnType<typeof import('./web-crypto.mjs').runWebCrypto>>} WebCryptoResults
 * @typedef {Awaited<ReturnType<typeof import('./forged.mjs').runForged>>} ForgedResults
 * @typedef {Awaited<ReturnType<typeof import('./side-by-side.mjs').runSideBySide>>} SideBySideResults
 * @param {{ micro: MicroResults | undefined, http: HttpResults | undefined, sideBySide?: SideBySideResults | undefined, memory: MemoryResults | undefined, replay?: ReplayResults | undefined, webCrypto?: WebCryptoResults | undefined, publicKey?: WebCryptoResults | undefined, forged?: ForgedResults | undefined, command: string, quick: boolean }} results
 */
export function markdown({
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
}) {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '# Benchmarks',
    '',
    `Measured with \`${command}\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} × ${cpu}.${quick ? ' **Quick run: too short to mean anything; it only checks that the harness works.**' : ''}`,
    'These machines are shared and noisy: every figure is a ratio to a baseline measured in the same run, never an absolute promise.',
    '',
  ];
  if (micro) {
    lines.push(
      '## Micro: one verification, as a ratio to the HMAC floor',
      '',
      '![micro ratios](benchmarks-micro.svg)',
      '',
    );
    lines.push(
      'The floor is `createHmac("sha256", secret).update(body).digest()` + `timingSafeEqual`. Many short rounds run every case in rotated order (tinybench; the median sample of every case, per round); a shared machine drifts between rounds, so each ratio is the median over rounds of the two times measured *in the same round*, and ± is half the interquartile range of those per-round ratios to the floor. The µs column (the median of the round medians) is for orientation only. Each sample times a batch of calls (as many as make one floor sample about 50 µs) and divides by it, so the timer\'s own cost does not swamp a 3 µs verification; async cases (hookguard\'s `verify`, octokit) are awaited each call, as callers do. Peers do the whole job a merchant needs, a verified *and parsed* event: `JSON.parse` (or, for Twilio, parsing the form) is added where a peer does not do it. Each peer is compared with hookguard verifying the same format on the same payload.',
      '',
    );
    for (const { size, batch, rows } of micro) {
      const floorParse = rows.find((row) => row.name === 'floor + JSON.parse')?.rounds ?? [];
      lines.push(
        `### ${sizeLabel(size)} body`,
        '',
        `${batch} call${batch === 1 ? '' : 's'} per sample.`,
        '',
        '| case | job | median µs | ± | × floor | × (floor + parse) |',
        '|---|---|---:|---:|---:|---:|',
      );
      for (const row of rows)
        lines.push(
          `| ${row.name} | ${row.job} | ${fixed(row.medianUs)} | ${fixed(row.spreadPct, 0)} % | ${fixed(row.ratio)} | ${fixed(pairedRatio(row.rounds, floorParse))} |`,
        );
      lines.push('');
    }
    lines.push('### Targets', '', '| target | measured | limit | |', '|---|---:|---:|---|');
    for (const check of microTargets(micro))
      lines.push(
        `| ${check.what} | ${fixed(check.value)} × | ${fixed(check.limit)} × | ${mark(check.ok)} |`,
      );
    lines.push(
      '',
      'Where a target is missed, what profiling found and what remains: [decisions.md, Benchmarks](decisions.md#benchmarks-issue-6).',
      '',
    );
  }
  if (http) {
    lines.push(
      '## HTTP: requests per second through each framework',
      '',
      '![http ratios](benchmarks-http.svg)',
      '',
    );
    lines.push(
      `autocannon in this process, each server in its own process, loopback only; cases alternated in rotated order, req/s the median of the rounds, and each ratio the median over rounds of the two cases' figures in the same round. ${http.pinned ? "autocannon ran pinned to core 0 and every server to core 1 (taskset), so neither steals the other's time." : 'Not pinned to cores (one core, or no taskset): autocannon and the server compete for the CPU.'} "server CPU" is the server process's user + system time (from /proc) divided by the requests it answered: unlike req/s it does not depend on how fast the load generator is, so it is the steadier measure of what each route costs. Same body size for every case, signed the way that case verifies.`,
      '',
    );
    for (const { framework, rows } of http.frameworks) {
      lines.push(
        `### ${framework}`,
        '',
        '| case | req/s (median) | req/s range | p99 ms | × (a) | × (b) | server CPU µs/request | CPU × (b) |',
        '|---|---:|---:|---:|---:|---:|---:|---:|',
      );
      for (const row of rows)
        lines.push(
          `| ${row.label} | ${fixed(row.rps, 0)} | ${fixed(row.rpsRange[0] ?? Number.NaN, 0)}–${fixed(row.rpsRange[1] ?? Number.NaN, 0)} | ${fixed(row.p99, 1)} | ${fixed(row.vsRaw)} | ${fixed(row.vsHandwritten)} | ${fixed(row.cpuUs, 0)} | ${fixed(row.cpuVsHandwritten)} |`,
        );
      const hookguard = rows.find((row) => row.name === 'hookguard');
      lines.push(
        '',
        `Target: hookguard ≥ 0.97 × (b) in req/s: ${fixed(hookguard?.vsHandwritten ?? Number.NaN)} × ${mark((hookguard?.vsHandwritten ?? 0) >= 0.97)} (server CPU per request ${fixed(hookguard?.cpuVsHandwritten ?? Number.NaN)} × (b)).`,
      );
      for (const [peerName, oursName] of Object.entries(PEER_COUNTERPARTS)) {
        const peer = rows.find((row) => row.name === peerName);
        const ours = rows.find((row) => row.name === oursName);
        if (!peer || !ours) continue;
        const ratio = pairedRatio(ours.rounds, peer.rounds);
        const cpu = pairedRatio(ours.cpuRounds, peer.cpuRounds);
        lines.push(
          `${ours.label} faster than ${peer.label}: ${fixed(ratio)} × the req/s ${mark(ratio > 1)}, ${fixed(cpu)} × the server CPU per request.`,
        );
      }
      lines.push('');
    }
  }
  if (sideBySide) {
    lines.push(
      '## HTTP, side by side: hookguard beside the hand-written check, loaded at once',
      '',
      `Taken one after the other (above), each case gets whatever the shared machine gives it during its own seconds: a paired ratio there resolves about ± 5 %. Here the hookguard route and the hand-written one (b) are loaded at the same time, ${sideBySide.pinned ? 'both servers on core 1 and autocannon on core 0' : 'not pinned to cores'}, so both share every slowdown. Each round starts a fresh pair, alternating which starts and is loaded first (with one fixed pair the first kept an edge of 1–3 %); a warm-up as long as the measured run, then the measured seconds. Same 4 KiB Cashfree request for both.`,
      '',
      '| framework | rounds | hookguard ÷ (b), req/s | range | ± | server CPU per request ÷ (b) | target ≥ 0.97 |',
      '|---|---:|---:|---:|---:|---:|---|',
    );
    for (const row of sideBySide.frameworks)
      lines.push(
        `| ${row.framework} | ${row.rounds} | ${fixed(row.rps, 3)} | ${fixed(row.rpsRange[0] ?? Number.NaN, 3)}–${fixed(row.rpsRange[1] ?? Number.NaN, 3)} | ${fixed(row.rpsSpreadPct, 1)} % | ${fixed(row.cpu, 3)} | ${mark(row.rps >= 0.97)} |`,
      );
    lines.push('');
  }
  if (memory) {
    lines.push(
      '## Memory under an over-limit flood',
      '',
      'RSS of each example app (its own process, read from `/proc`) while clients send over-limit bodies: half declare a 2 MiB Content-Length (refused from the header), half stream chunked bodies with no length (cut off at the 1 MiB limit).',
      '',
    );
    lines.push(
      '| app | clients × seconds | idle RSS | peak RSS | growth | requests | answered 413 | other status | reset while sending | closed otherwise | serving after | target (≤ +64 MiB) |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
    );
    for (const row of memory)
      lines.push(
        `| ${row.name} | ${row.clients} × ${row.seconds} | ${fixed(row.idleMiB, 1)} MiB | ${fixed(row.peakMiB, 1)} MiB | +${fixed(row.growthMiB, 1)} MiB | ${row.sent} | ${row.refused} | ${row.other} | ${row.reset} | ${row.failed} | ${row.healthyAfter ? 'yes' : 'no'} | ${mark(row.growthMiB <= 64)} |`,
      );
    lines.push(
      '',
      '"Reset while sending": the client was still writing its 2 MiB when the server answered 413 and closed the connection, so the answer was lost to the reset; the server stops reading at the limit, which is the point. "Closed otherwise" would be a connection dropped with no answer and no reset: it should be 0.',
    );
    lines.push('');
  }
  if (replay) lines.push(...replayStoreSection(replay));
  if (webCrypto) lines.push(...webCryptoSection(webCrypto));
  if (publicKey) lines.push(...publicKeySection(publicKey));
  if (forged) lines.push(...forgedSection(forged));
  lines.push(...sizesSection());
  return `${lines.join('\n')}\n`;
}

/** The memory store's goal (issue 12): verify + claim + commit ≤ 1.2 × verify alone at 256 B. */
const MEMORY_STORE_LIMIT = 1.2;

/** @param {ReplayResults} replay */
function replayStoreSection({ rows, notMeasured }) {
  const lines = [
    '## Replay stores: what a store adds to one verification',
    '',
    'Each case verifies a fresh signed delivery (a 256 B Cashfree webhook); with a store it also claims the delivery and commits it, as an adapter does once the handler answered. The ratio is to `verify` without a store, the median over rounds of the two figures measured in the same round (± half the interquartile range of those per-round ratios). The memory store is at capacity, evicting on every claim (its steady state under load); "none" answers at once and remembers nothing, which isolates hookguard\'s own cost. Redis, Redis Cluster and PostgreSQL run on this machine, over loopback, started by the bench: their figures are a round trip each for the claim and the commit, mostly the server and the network stack, not hookguard.',
    '',
    '| store | µs per delivery | × verify without a store | goal |',
    '| --- | ---: | ---: | --- |',
  ];
  for (const row of rows) {
    const goal =
      row.name === 'verify + claim + commit: memory'
        ? `≤ ${MEMORY_STORE_LIMIT} × ${mark(row.ratio <= MEMORY_STORE_LIMIT)}`
        : '';
    lines.push(
      `| ${row.name.replace('verify + claim + commit: ', '')} | ${fixed(row.medianUs)} | ${fixed(row.ratio)} ± ${fixed(row.spreadPct, 0)} % | ${goal} |`,
    );
  }
  for (const row of notMeasured) lines.push('', `Not measured: ${row.name} (${row.reason}).`);
  lines.push('');
  return lines;
}

/**
 * A section of per-size ratios, each paired with its floor in the same round, then the
 * median µs of every case (the Web Crypto and public-key parts).
 * @param {string} title @param {string} intro
 * @param {readonly [string, string]} columns what a row is, and what its ratio is to
 * @param {WebCryptoResults} results
 */
function ratioSection(title, intro, columns, results) {
  const lines = [
    title,
    '',
    intro,
    '',
    `| body | ${columns[0]} | ${columns[1]} | ± |`,
    '| --- | --- | ---: | ---: |',
  ];
  for (const { size, ratios } of results)
    for (const row of ratios)
      lines.push(
        `| ${sizeLabel(size)} | ${row.what} | ${fixed(row.value)} | ${fixed(row.spreadPct, 0)} % |`,
      );
  lines.push('', '| body | case | median µs |', '| --- | --- | ---: |');
  for (const { size, medians } of results)
    for (const row of medians)
      lines.push(`| ${sizeLabel(size)} | ${row.name} | ${fixed(row.us)} |`);
  lines.push('');
  return lines;
}

/** @param {WebCryptoResults} results */
function publicKeySection(results) {
  return ratioSection(
    '## Public-key schemes: verify beside the bare node:crypto verify',
    "Each hookguard case verifies a delivery signed with a key generated for the run (Ed25519 for `discord`, ECDSA P-256 with a DER signature for `sendgrid`) or PayPal's own transmission and certificate (RSA-2048, SHA-256; the certificate already cached, as it is for every delivery after the first; its body is the SDK vector's 1.3 KB at both sizes). Each is compared with `node:crypto`'s `verify` of the same signature over the same message with a key object made once, plus `JSON.parse` (and zlib's CRC-32 of the body for PayPal, which its message needs), measured in the same round: median over rounds of the per-round ratios, ± half their interquartile range. The signature check dominates: hookguard adds reading the headers, the timestamp window, strict decoding and a result object.",
    ['scheme', '× bare verify'],
    results,
  );
}

/** @param {WebCryptoResults} results */
function webCryptoSection(results) {
  return ratioSection(
    '## Web Crypto: the build for workerd, Vercel Edge, Deno and Bun, measured in Node',
    "`@hookguard/core` loads `node:crypto` on Node and Web Crypto everywhere else (package.json `imports`, `#platform`). Both builds run here in one Node process: the Web Crypto one bundled from the built package with the `worker` condition, as wrangler bundles it. Each verifies the same Cashfree webhook and is compared with the bare HMAC + constant-time compare + `JSON.parse` on its own crypto, measured in the same round (median over rounds of the per-round ratios, ± half their interquartile range). Node's Web Crypto runs each HMAC as a job on libuv's thread pool, so its floor is many times node:crypto's: the figures say what the portable path costs on Node, not on workerd or the Edge runtime, whose Web Crypto is native. Node itself always loads the node:crypto build.",
    ['ratio', '×'],
    results,
  );
}

/** Issue 17's goal: refusing a forged request costs at most about 1.2 × accepting a valid one. */
const FORGED_LIMIT = 1.2;

/** @param {ForgedResults} forged */
function forgedSection({ size, core, lambda, pinned, rows }) {
  const lines = [
    '## Forged floods: refusing beside accepting',
    '',
    `A valid ${sizeLabel(size)} Cashfree delivery and its forgery (the same request with one character of the signature changed), so the work up to the comparison is the same. An endpoint under attack should pay no more to refuse than to accept: the goal is forged ≤ ${FORGED_LIMIT} × valid. In the core, \`verify\` of each in the same rounds (median over rounds of the per-round ratio, ± half its interquartile range); over HTTP, each adapter's server in its own process${pinned ? ' (pinned to core 1, autocannon to core 0)' : ''}, the valid and the forged flood alternated, and the figure compared is the server's CPU per request (from /proc), which does not depend on the load generator's speed.`,
    '',
    `Core: valid ${fixed(core.validUs)} µs, forged ${fixed(core.forgedUs)} µs: forged ÷ valid ${fixed(core.ratio)} ± ${fixed(core.spreadPct, 0)} % ${mark(core.ratio <= FORGED_LIMIT)}`,
    '',
    `Lambda (\`webhookHandler\` invoked in this process with an HTTP API event; no server to measure): valid ${fixed(lambda.validUs)} µs, forged ${fixed(lambda.forgedUs)} µs: forged ÷ valid ${fixed(lambda.ratio)} ± ${fixed(lambda.spreadPct, 0)} % ${mark(lambda.ratio <= FORGED_LIMIT)}`,
    '',
    '| adapter | valid req/s | forged req/s | valid CPU µs/request | forged CPU µs/request | forged ÷ valid CPU | goal |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const row of rows)
    lines.push(
      `| ${row.framework} | ${fixed(row.validRps, 0)} | ${fixed(row.forgedRps, 0)} | ${fixed(row.validCpuUs, 0)} | ${fixed(row.forgedCpuUs, 0)} | ${fixed(row.cpuRatio)} ± ${fixed(row.cpuSpreadPct, 0)} % | ≤ ${FORGED_LIMIT} × ${mark(row.cpuRatio <= FORGED_LIMIT)} |`,
    );
  lines.push('');
  return lines;
}

/** Each package's built ESM entry, as published: bytes and gzip bytes (read when the report is written). */
function sizesSection() {
  const packages = fileURLToPath(new URL('../../packages/', import.meta.url));
  const lines = [
    '## Package sizes',
    '',
    "Each package's `dist/index.js` (its ESM entry; the shared chunks of `@hookguard/core` are counted with the core), as built by `pnpm build`.",
    '',
    '| package | bytes | gzip bytes |',
    '| --- | ---: | ---: |',
  ];
  for (const name of readdirSync(packages).sort()) {
    const dist = join(packages, name, 'dist');
    if (!existsSync(join(dist, 'index.js'))) continue;
    const files =
      name === 'core'
        ? readdirSync(dist).filter(
            (file) => file.endsWith('.js') && !file.startsWith('platform-web'),
          )
        : ['index.js'];
    const bytes = files.map((file) => readFileSync(join(dist, file)));
    const raw = bytes.reduce((sum, buffer) => sum + buffer.length, 0);
    const zipped = bytes.reduce((sum, buffer) => sum + gzipSync(buffer).length, 0);
    lines.push(`| @hookguard/${name} | ${raw} | ${zipped} |`);
  }
  lines.push('');
  return lines;
}
