import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What npm users get: every package packed by `pnpm pack` (which rewrites `workspace:^` to a
// real range), installed by npm into a scratch app outside the workspace, and loaded there as
// ESM and CommonJS. Like test/dist.test.ts it assumes `pnpm build` ran (the test script does).
const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = [
  'core',
  'express',
  'fastify',
  'koa',
  'lambda',
  'nestjs',
  'opentelemetry',
  'web',
  'redis',
  'postgres',
  'cli',
] as const;
const PACK_TIMEOUT_MS = 60_000;
// npm fetches what its cache lacks (express, fastify, koa, NestJS, ioredis, pg and their
// dependencies).
const INSTALL_TIMEOUT_MS = 240_000;

type PackageName = (typeof PACKAGES)[number];
type Manifest = Record<string, unknown> & { name: string; version: string };

interface Packed {
  readonly tarball: string;
  readonly files: readonly string[];
  readonly manifest: Manifest;
  readonly license: string;
}

// From npm's cache where it can; no lockfile, audit or install scripts: none is under test.
const NPM_INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'];
const DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'] as const;

// pnpm sets npm_config_* for the scripts it runs; they must not steer npm in the scratch app.
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|node_options$|vitest)/i.test(key)) env[key] = value;
  }
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false' };
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

async function pack(name: PackageName, destination: string): Promise<Packed> {
  const cwd = join(ROOT, 'packages', name);
  const { stdout } = await run('pnpm', ['pack', '--json', '--pack-destination', destination], {
    cwd,
    env: cleanEnv(),
  });
  const { filename } = JSON.parse(stdout) as { filename: string };
  const read = async (file: string) => (await run('tar', ['-xzOf', filename, file])).stdout;
  const listing = await run('tar', ['-tzf', filename]);
  return {
    tarball: filename,
    files: listing.stdout.trim().split('\n'),
    manifest: JSON.parse(await read('package/package.json')) as Manifest,
    // Missing from the tarball reads as empty, so the license test names the package.
    license: await read('package/LICENSE').catch(() => ''),
  };
}

describe('the packed packages, installed from their tarballs', () => {
  let work = '';
  const packed = new Map<PackageName, Packed>();
  let installation: Promise<string> | undefined;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'hookguard-packed-'));
    const tarballs = join(work, 'tarballs');
    for (const [name, result] of await Promise.all(
      PACKAGES.map(async (name) => [name, await pack(name, tarballs)] as const),
    )) {
      packed.set(name, result);
    }
  }, PACK_TIMEOUT_MS);

  // Installed once, by the first test that needs it, so that a tarball npm refuses (a
  // `workspace:` range left in it) fails those tests and not the checks that name the cause.
  function scratchApp(): Promise<string> {
    installation ??= install();
    return installation;
  }

  async function install(): Promise<string> {
    const app = join(work, 'app');
    mkdirSync(app);
    // The frameworks at the versions the workspace tests; everything else comes from the
    // tarballs' own dependency ranges, resolved by npm as a user's install would.
    const workspace = readJson<{ devDependencies: Record<string, string> }>(
      join(ROOT, 'package.json'),
    );
    const dependencies: Record<string, string> = {
      express: workspace.devDependencies.express as string,
      fastify: workspace.devDependencies.fastify as string,
      koa: workspace.devDependencies.koa as string,
      '@nestjs/common': workspace.devDependencies['@nestjs/common'] as string,
      '@nestjs/core': workspace.devDependencies['@nestjs/core'] as string,
      '@nestjs/platform-express': workspace.devDependencies['@nestjs/platform-express'] as string,
      // @hookguard/opentelemetry's peer dependency.
      '@opentelemetry/api': workspace.devDependencies['@opentelemetry/api'] as string,
    };
    for (const { manifest, tarball } of packed.values()) {
      dependencies[manifest.name] = `file:${tarball}`;
    }
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'hookguard-scratch-app', private: true, dependencies }, null, 2),
    );
    for (const script of ['scratch-esm.mjs', 'scratch-cjs.cjs']) {
      copyFileSync(join(ROOT, 'test/packed-install', script), join(app, script));
    }
    await run('npm', NPM_INSTALL, { cwd: app, env: cleanEnv() });
    return app;
  }

  afterAll(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('packs no workspace: range; the packages depend on each other by caret range', () => {
    for (const { manifest } of packed.values()) {
      const lines = JSON.stringify(manifest, null, 2).split('\n');
      expect(
        lines.filter((line) => line.includes('workspace:')),
        manifest.name,
      ).toEqual([]);
      for (const field of DEPENDENCY_FIELDS) {
        const ranges = (manifest[field] ?? {}) as Record<string, string>;
        for (const [dependency, range] of Object.entries(ranges)) {
          if (!dependency.startsWith('@hookguard/')) continue;
          const version = readJson<Manifest>(
            join(ROOT, 'packages', dependency.slice('@hookguard/'.length), 'package.json'),
          ).version;
          expect(range, `${manifest.name} ${field} ${dependency}`).toBe(`^${version}`);
        }
      }
    }
  });

  it('ships the license, the README and the build in every tarball, and nothing of src', () => {
    const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    for (const [name, { files, tarball, license: shipped }] of packed) {
      expect(files, name).toEqual(
        expect.arrayContaining(['package/LICENSE', 'package/README.md', 'package/package.json']),
      );
      expect(files.some((file) => file.startsWith('package/dist/'))).toBe(true);
      expect(files.filter((file) => file.startsWith('package/src/'))).toEqual([]);
      expect(shipped, `${tarball} LICENSE`).toBe(license);
    }
  });

  it(
    'installs one copy of @hookguard/core, the packed one, for every package',
    async () => {
      const app = await scratchApp();
      const installed = readJson<Manifest>(join(app, 'node_modules/@hookguard/core/package.json'));
      expect(installed.version).toBe(packed.get('core')?.manifest.version);
      for (const name of PACKAGES) {
        const nested = join(app, 'node_modules/@hookguard', name, 'node_modules/@hookguard/core');
        expect(() => readFileSync(join(nested, 'package.json')), name).toThrow();
      }
    },
    INSTALL_TIMEOUT_MS,
  );

  it(
    'works as ESM: sign → verify round-trips, a replay is refused, each adapter serves',
    async () => {
      const app = await scratchApp();
      const { stdout } = await run(process.execPath, ['scratch-esm.mjs'], {
        cwd: app,
        env: cleanEnv(),
      });
      expect(JSON.parse(stdout)).toEqual({
        core: { payload: { id: 'evt_packed', type: 'ping' }, replay: 'replayed' },
        express: 200,
        fastify: 200,
        koa: 200,
        lambda: 200,
        nestjs: 200,
        opentelemetry: 'accepted rejected',
        web: 200,
        redis: 'function',
        postgres: 'function',
      });
    },
    INSTALL_TIMEOUT_MS,
  );

  it(
    'works as CommonJS: sign → verify round-trips, a forged body is refused',
    async () => {
      const app = await scratchApp();
      const { stdout } = await run(process.execPath, ['scratch-cjs.cjs'], {
        cwd: app,
        env: cleanEnv(),
      });
      expect(JSON.parse(stdout)).toEqual({
        core: { payload: { id: 'evt_packed', type: 'ping' }, forged: 'invalid_signature' },
        express: 'function',
        fastify: 'function',
        koa: 'function',
        lambda: 'function',
        nestjs: 'function',
        opentelemetry: 'function',
        web: 'function',
        redis: 'function',
        postgres: 'function',
      });
    },
    INSTALL_TIMEOUT_MS,
  );

  it(
    'installs the hookguard command: `--help` exits 0, `--version` reads the packed version',
    async () => {
      const app = await scratchApp();
      const hookguard = (...args: string[]) =>
        run(join(app, 'node_modules/.bin/hookguard'), args, { cwd: app, env: cleanEnv() });
      expect((await hookguard('--help')).stdout).toMatch(/hookguard[\s\S]*sign/);
      expect((await hookguard('--version')).stdout.trim()).toBe(
        packed.get('cli')?.manifest.version,
      );
    },
    INSTALL_TIMEOUT_MS,
  );
});
