// @ts-check
/**
 * `pnpm docs:providers`: writes the table of `docs/providers.md` from the catalog (the built
 * `@hookguard/core`), between its `catalog:start` and `catalog:end` markers. With `--check`
 * it writes nothing and exits 1 when the file is not what the catalog says; test/docs.test.ts
 * makes the same check against the sources, so the page is generated, never hand-kept.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { catalog } from '@hookguard/core';
import { withTable } from './providers-table-lib.mjs';

const PAGE = fileURLToPath(new URL('../../docs/providers.md', import.meta.url));
const page = readFileSync(PAGE, 'utf8');
const generated = withTable(page, catalog);
if (process.argv.includes('--check')) {
  if (generated !== page) {
    console.error('docs/providers.md is not what the catalog says: run `pnpm docs:providers`.');
    process.exit(1);
  }
} else {
  writeFileSync(PAGE, generated);
  console.log(`docs/providers.md: ${catalog.length} providers`);
}
