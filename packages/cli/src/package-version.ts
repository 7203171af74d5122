import { readFileSync } from 'node:fs';

/**
 * This package's version, read at run time from its own package.json, which sits one folder
 * above this file both in the repository (`src/`) and once built and installed (`dist/cli.js`,
 * however `npx` or a `.bin` link starts it: Node resolves the link to the real file).
 */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return (manifest as { version: string }).version;
}
