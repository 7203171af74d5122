import { readFileSync } from 'node:fs';
import { catalog } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { withTable } from '../scripts/docs/providers-table-lib.mjs';

// docs/providers.md is generated from the catalog: a preset added, renamed or re-proven
// without `pnpm docs:providers` leaves the page stale, and this fails.

const PAGE = new URL('../docs/providers.md', import.meta.url);

describe('docs/providers.md', () => {
  it('is the table the catalog makes', () => {
    const page = readFileSync(PAGE, 'utf8');
    expect(withTable(page, catalog), 'run `pnpm docs:providers`').toBe(page);
  });

  it('has a row for every preset', () => {
    const page = readFileSync(PAGE, 'utf8');
    for (const entry of catalog) expect(page).toContain(`| \`${entry.id}\` |`);
  });
});
