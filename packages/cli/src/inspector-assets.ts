import { readFileSync } from 'node:fs';

/** A file of the inspector page, ready to serve. */
export interface Asset {
  readonly type: string;
  readonly body: Buffer;
}

/** The page's files, by the path they are served at. */
const FILES = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/inspector.css': ['inspector.css', 'text/css; charset=utf-8'],
  '/inspector.js': ['inspector.js', 'text/javascript; charset=utf-8'],
} as const;

/**
 * The inspector page: plain HTML, CSS and JavaScript, shipped as they are in the package's
 * `inspector/` folder (no build step), which sits one folder above this file both in the
 * repository (`src/`) and once built and installed (`dist/cli.js`). Read once, at start.
 */
export function inspectorAssets(): ReadonlyMap<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [path, [file, type]] of Object.entries(FILES)) {
    assets.set(path, {
      type,
      body: readFileSync(new URL(`../inspector/${file}`, import.meta.url)),
    });
  }
  return assets;
}
