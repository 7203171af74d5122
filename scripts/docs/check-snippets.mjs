// @ts-check
/**
 * `pnpm check:snippets` (part of `pnpm test`): every ```ts snippet in README.md and in the
 * packages' READMEs is written out as its own module and typechecked, strict, against the
 * packages' sources. A snippet that would not compile when pasted into an app fails here,
 * with the README file and line it came from.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(ROOT, 'node_modules', '.hookguard-snippets');

/** The READMEs whose snippets users paste. */
function readmes() {
  const packages = readdirSync(join(ROOT, 'packages')).map((name) =>
    join(ROOT, 'packages', name, 'README.md'),
  );
  return [join(ROOT, 'README.md'), ...packages].filter((path) => {
    try {
      readFileSync(path);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * The ```ts blocks of a Markdown file, with the line each starts on. A block indented under
 * a list item counts too: its indent is removed from every line.
 * @param {string} path
 */
function snippets(path) {
  const lines = readFileSync(path, 'utf8').split('\n');
  /** @type {{ line: number, code: string }[]} */
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const indent = /^( *)```(ts|typescript)\s*$/.exec(lines[i] ?? '')?.[1];
    if (indent === undefined) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^ *```\s*$/.test(lines[end] ?? '')) end++;
    const code = lines
      .slice(start, end)
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line));
    found.push({ line: start + 1, code: code.join('\n') });
    i = end;
  }
  return found;
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
/** @type {Map<string, { source: string, line: number }>} */
const origins = new Map();
let count = 0;
for (const path of readmes()) {
  for (const { line, code } of snippets(path)) {
    const file = `snippet-${String(++count).padStart(3, '0')}.ts`;
    // Each snippet is its own module, as it would be in an app: no name clashes between them.
    writeFileSync(join(OUT, file), `${code}\nexport {};\n`);
    origins.set(file, { source: relative(ROOT, path), line });
  }
}
writeFileSync(join(OUT, 'package.json'), '{ "type": "module" }\n');
writeFileSync(
  join(OUT, 'tsconfig.json'),
  JSON.stringify({
    extends: '../../tsconfig.base.json',
    compilerOptions: {
      noEmit: true,
      // @hookguard/nestjs's snippets use NestJS's (legacy) decorators.
      experimentalDecorators: true,
      baseUrl: '.',
      // The packages' sources, as the workspace's own typecheck sees them.
      paths: Object.fromEntries(
        [
          ['#platform', 'core/src/platform/node.ts'],
          ['@hookguard/core/adapter', 'core/src/adapter.ts'],
          ['@hookguard/core', 'core/src/index.ts'],
          ['@hookguard/express', 'express/src/index.ts'],
          ['@hookguard/fastify', 'fastify/src/index.ts'],
          ['@hookguard/koa', 'koa/src/index.ts'],
          ['@hookguard/lambda', 'lambda/src/index.ts'],
          ['@hookguard/nestjs', 'nestjs/src/index.ts'],
          ['@hookguard/opentelemetry', 'opentelemetry/src/index.ts'],
          ['@hookguard/redis', 'redis/src/index.ts'],
          ['@hookguard/postgres', 'postgres/src/index.ts'],
          ['@hookguard/web', 'web/src/index.ts'],
        ].map(([name, path]) => [name, [`../../packages/${path}`]]),
      ),
    },
    include: ['*.ts'],
  }),
);

try {
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', OUT],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  console.log(`check:snippets: ${count} TypeScript snippets from the READMEs typecheck`);
} catch (error) {
  const output = /** @type {{ stdout?: string }} */ (error).stdout ?? String(error);
  // node_modules/.hookguard-snippets/snippet-007.ts(3,5): error … → README.md:42 (snippet line 3)
  const mapped = output.replace(
    /(?:node_modules\/\.hookguard-snippets\/)?(snippet-\d+\.ts)\((\d+),(\d+)\)/g,
    (match, file, line) => {
      const origin = origins.get(file);
      return origin === undefined ? match : `${origin.source}:${origin.line + Number(line) - 1}`;
    },
  );
  console.error(`check:snippets: README snippets that do not typecheck:\n${mapped}`);
  process.exit(1);
}
