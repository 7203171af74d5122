// @ts-check
/**
 * Part 5, Web Crypto: the core's two builds side by side in Node's process. `@hookguard/core`
 * as Node loads it (node:crypto) and the build workerd, Vercel Edge, Deno and Bun load (Web
 * Crypto), bundled here from the built package with the `worker` condition, as wrangler
 * would. Each verifies the same Cashfree webhook; each is compared with its own floor, the
 * bare HMAC + constant-time compare + JSON.parse on that crypto, measured in the same round.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as nodeBuild from '@hookguard/core';
import { build } from 'esbuild';
import { jsonBody, sizeLabel } from './payloads.mjs';
import { measureRounds } from './rounds.mjs';
import { median, pairedRatio, pairedSpreadPct } from './stats.mjs';

const SECRET = 'whsec_bench_secret_0123456789abcdef';
const NOW = 1_700_000_000_000;
const OPTIONS = { now: () => NOW };
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The Web Crypto build of the core, as a bundler targeting workers resolves it.
 * @returns {Promise<typeof import('@hookguard/core')>}
 */
async function loadWebBuild() {
  const result = await build({
    stdin: { contents: "export * from '@hookguard/core';", resolveDir: ROOT, loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    conditions: ['worker'],
    // Not the repository's tsconfig.json, whose paths point at the TypeScript sources: the
    // built package is what users bundle.
    tsconfigRaw: {},
    logLevel: 'silent',
  });
  const dir = mkdtempSync(join(tmpdir(), 'hookguard-web-build-'));
  const file = join(dir, 'core.mjs');
  writeFileSync(file, result.outputFiles[0]?.text ?? '');
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** @param {number} size @param {typeof import('@hookguard/core')} webBuild */
async function casesFor(size, webBuild) {
  const text = jsonBody(size);
  const signed = nodeBuild.sign(nodeBuild.cashfree.webhook({ secret: SECRET }), {
    body: text,
    timestamp: NOW,
  });
  const headers = signed.headers;
  const body = Buffer.from(String(signed.body));
  const request = { method: 'POST', url: '/hook', headers, body };
  const timestamp = headers['x-webhook-timestamp'] ?? '';
  const expected = Buffer.from(headers['x-webhook-signature'] ?? '', 'base64');
  const message = Buffer.concat([Buffer.from(timestamp), body]);
  const key = await crypto.subtle.importKey(
    'raw',
    Buffer.from(SECRET),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const nodeScheme = nodeBuild.cashfree.webhook({ secret: SECRET });
  const webScheme = webBuild.cashfree.webhook({ secret: SECRET });
  const equalOrThrow = (/** @type {boolean} */ equal) => {
    if (!equal) throw new Error('the floor computed another digest');
  };
  return [
    {
      name: 'node:crypto floor + parse',
      batch: 64,
      run: () => {
        const digest = createHmac('sha256', SECRET).update(timestamp).update(body).digest();
        equalOrThrow(timingSafeEqual(digest, expected));
        return JSON.parse(body.toString('utf8'));
      },
    },
    {
      name: 'Web Crypto floor + parse',
      batch: 16,
      run: async () => {
        const digest = new Uint8Array(await crypto.subtle.sign('HMAC', key, message));
        let difference = digest.length ^ expected.length;
        for (let i = 0; i < digest.length; i++)
          difference |= /** @type {number} */ (digest[i]) ^ /** @type {number} */ (expected[i]);
        equalOrThrow(difference === 0);
        return JSON.parse(body.toString('utf8'));
      },
    },
    {
      name: 'verify, node:crypto build',
      batch: 64,
      run: () => nodeBuild.verify(nodeScheme, request, OPTIONS),
    },
    {
      name: 'verify, Web Crypto build',
      batch: 16,
      run: () => webBuild.verify(webScheme, request, OPTIONS),
    },
  ];
}

/**
 * @param {{ rounds: number, time: number, sizes: readonly number[] }} options
 */
export async function runWebCrypto({ rounds, time, sizes }) {
  const webBuild = await loadWebBuild();
  if (webBuild.cryptoBackend !== 'web-crypto' || nodeBuild.cryptoBackend !== 'node:crypto')
    throw new Error(
      `expected the two builds, got ${nodeBuild.cryptoBackend} and ${webBuild.cryptoBackend}`,
    );
  const results = [];
  for (const size of sizes) {
    const cases = await casesFor(size, webBuild);
    for (const item of cases) await item.run();
    const perRound = await measureRounds(cases, { rounds, time });
    const of = (/** @type {string} */ name) => perRound.get(name) ?? [];
    /** @param {string} what @param {string} a @param {string} b */
    const ratio = (what, a, b) => ({
      what,
      value: pairedRatio(of(a), of(b)),
      spreadPct: pairedSpreadPct(of(a), of(b)),
    });
    results.push({
      size,
      medians: cases.map((item) => ({ name: item.name, us: median(of(item.name)) })),
      ratios: [
        ratio(
          'Web Crypto build ÷ its floor (subtle.sign + compare + parse)',
          'verify, Web Crypto build',
          'Web Crypto floor + parse',
        ),
        ratio(
          'node:crypto build ÷ its floor (createHmac + timingSafeEqual + parse)',
          'verify, node:crypto build',
          'node:crypto floor + parse',
        ),
        ratio(
          'Web Crypto build ÷ node:crypto build',
          'verify, Web Crypto build',
          'verify, node:crypto build',
        ),
        ratio(
          'Web Crypto floor ÷ node:crypto floor',
          'Web Crypto floor + parse',
          'node:crypto floor + parse',
        ),
      ],
    });
    process.stderr.write(`web crypto: ${sizeLabel(size)} done\n`);
  }
  return results;
}
