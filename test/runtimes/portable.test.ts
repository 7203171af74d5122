import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as core from '@hookguard/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  installedVersion,
  runInBun,
  runInDeno,
  runInEdge,
  runInNode,
  runInWorkerd,
} from '../support/runtimes/index.js';
import { vectorChecks } from '../support/vector-checks.mjs';
import { loadVectorFiles } from '../support/vectors.js';
import { VECTOR_CHECK_PREFIX } from './portable-suite.mjs';

// One suite (portable-suite.mjs), five real runtimes from the npm registry. Each loads the
// BUILT packages through node_modules with its own export conditions, as an application
// does, so run `pnpm build` first (`pnpm test` does).
const entry = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const BUILT = ['../../packages/core/dist/index.js', '../../packages/web/dist/index.js'];

/** The Request round trips in portable-suite.mjs: 4 schemes × 5 checks. */
const REQUEST_CHECKS = 20;

/**
 * The last compatibility date before workerd turns `nodejs_compat` on by default
 * (NODEJS_COMPAT_BY_DEFAULT_FROM): with it and no compatibility flag, `node:*` modules,
 * `Buffer` and `process` are absent, as the probe below checks.
 */
const WORKERD_COMPATIBILITY_DATE = '2026-08-03';

/** nodejs_compat's second version (Node-style modules, `process`, timers) starts here. */
const NODEJS_COMPAT_DATE = '2024-09-23';

/** Long enough for a cold start of every runtime on a loaded 2-core machine. */
const RUNTIME_TEST_TIMEOUT_MS = 60_000;

interface SuiteReport {
  readonly runtime: string;
  readonly crypto: string;
  /** What a subscriber to `hookguard:verify:end` saw: `published`, or `absent` (no module). */
  readonly diagnostics: string;
  readonly vectorFiles: readonly string[];
  readonly results: readonly { name: string; ok: boolean; detail: string }[];
}

/**
 * Every check passed, and none was left out: the runtime read every file in test/vectors
 * and ran exactly the vector checks vector-checks.mjs makes for its crypto build (the
 * synchronous `sign` is checked only on node:crypto), plus the Request round trips.
 */
function expectEveryCheckPassed(report: SuiteReport): void {
  expect(report.results.filter((result) => !result.ok)).toEqual([]);
  const files = loadVectorFiles();
  expect(report.vectorFiles).toEqual(files.map(({ file }) => file));
  const vectorNames = vectorChecks(
    { ...core, cryptoBackend: report.crypto } as typeof core,
    files,
  ).map(({ title }) => `${VECTOR_CHECK_PREFIX}${title}`);
  const names = report.results.map(({ name }) => name);
  expect(names.filter((name) => name.startsWith(VECTOR_CHECK_PREFIX))).toEqual(vectorNames);
  expect(names.filter((name) => !name.startsWith(VECTOR_CHECK_PREFIX))).toHaveLength(
    REQUEST_CHECKS,
  );
}

describe.concurrent('the same core on every runtime (portable-suite.mjs)', {
  timeout: RUNTIME_TEST_TIMEOUT_MS,
}, () => {
  beforeAll(() => {
    const missing = BUILT.filter((path) => !existsSync(new URL(path, import.meta.url)));
    if (missing.length > 0) throw new Error(`Run pnpm build first: ${missing.join(', ')} missing.`);
  });

  it('passes on Node, with node:crypto', async () => {
    const report = (await runInNode(entry('./process-entry.mjs'))) as SuiteReport;
    expect([report.runtime, report.crypto]).toEqual([
      `node/${process.versions.node}`,
      'node:crypto',
    ]);
    expect(report.diagnostics).toBe('published');
    expectEveryCheckPassed(report);
  });

  it('passes on Bun, with Web Crypto', async () => {
    const report = (await runInBun(entry('./process-entry.mjs'))) as SuiteReport;
    expect([report.runtime, report.crypto]).toEqual([
      `bun/${installedVersion('bun')}`,
      'web-crypto',
    ]);
    expect(report.diagnostics).toBe('published');
    expectEveryCheckPassed(report);
  });

  it('passes on Deno with no permission, with Web Crypto', async () => {
    const report = (await runInDeno(entry('./process-entry.mjs'))) as SuiteReport;
    expect([report.runtime, report.crypto]).toEqual([
      `deno/${installedVersion('deno')}`,
      'web-crypto',
    ]);
    expect(report.diagnostics).toBe('published');
    expectEveryCheckPassed(report);
  });

  it('passes on workerd without nodejs_compat, with Web Crypto and no node: import', async () => {
    const { output, config, nodeImports } = await runInWorkerd(
      entry('./worker-entry.mjs'),
      WORKERD_COMPATIBILITY_DATE,
    );
    expect(config).not.toMatch(/compatibilityFlags/);
    expect(config).toContain(`compatibilityDate = "${WORKERD_COMPATIBILITY_DATE}"`);
    expect(nodeImports).toEqual([]);
    const report = output as SuiteReport;
    expect([report.runtime, report.crypto]).toEqual(['workerd/Cloudflare-Workers', 'web-crypto']);
    // No node:diagnostics_channel here: the core publishes nothing, and verifies as ever.
    expect(report.diagnostics).toBe('absent');
    expectEveryCheckPassed(report);
  });

  // What many existing Workers run: nodejs_compat on, at an older date. The core must still
  // load its Web Crypto build there (the `workerd` condition wins over `node`), and its
  // store timer must work with that runtime's timers.
  it('passes on workerd with nodejs_compat at an older date, still on Web Crypto', async () => {
    const { output, config } = await runInWorkerd(entry('./worker-entry.mjs'), NODEJS_COMPAT_DATE, [
      'nodejs_compat',
    ]);
    expect(config).toContain('compatibilityFlags = ["nodejs_compat"]');
    const report = output as SuiteReport;
    expect([report.runtime, report.crypto]).toEqual(['workerd/Cloudflare-Workers', 'web-crypto']);
    // There, `hasSubscribers` is a method rather than a getter: the channels still publish.
    expect(report.diagnostics).toBe('published');
    expectEveryCheckPassed(report);
  });

  it('runs workerd with no node:crypto at that date and no flag (the premise above)', async () => {
    const { output, config } = await runInWorkerd(
      entry('./node-crypto-probe.mjs'),
      WORKERD_COMPATIBILITY_DATE,
    );
    expect(config).not.toMatch(/compatibilityFlags/);
    expect(output).toEqual({ nodeCrypto: 'No such module "node:crypto".' });
  });

  it("passes in Vercel's Edge runtime (EdgeVM), bundled as Next.js does, with Web Crypto", async () => {
    const report = (await runInEdge(entry('./edge-entry.mjs'))) as SuiteReport;
    expect([report.runtime, report.crypto]).toEqual(['edge-runtime/edge-runtime', 'web-crypto']);
    expect(report.diagnostics).toBe('absent');
    expectEveryCheckPassed(report);
  });
});
