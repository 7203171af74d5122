// @ts-check
/**
 * `pnpm demo`: starts both example apps on free ports with demo secrets and sends each of
 * them, for every provider, a valid callback, a replay, a tampered one and a stale one
 * (plus one request per remaining error code), all signed with @hookguard/core's `sign`.
 * Prints what each app answered, and exits non-zero on any surprise.
 */
import { schemesFromEnv } from '../../examples/express/src/schemes.js';
import { errorCodeDeliveries, providerDeliveries } from './deliveries.mjs';
import { DEMO_ENV } from './demo-env.mjs';
import { send, startExample } from './example-process.mjs';

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (/** @type {string} */ code, /** @type {string} */ text) =>
  useColor ? `\u001b[${code}m${text}\u001b[0m` : text;
const describe = (/** @type {{ status: number, code?: string | undefined }} */ answer) =>
  `${answer.status}${answer.code ? ` ${answer.code}` : ''}`;

/**
 * @typedef {{ text: string, ok: boolean }} Answer
 * @typedef {{ section: string, delivery: import('./deliveries.mjs').Delivery, answers: Answer[] }} Row
 */

const SECTIONS = /** @type {const} */ ([
  ['valid, replayed, tampered and stale callbacks', providerDeliveries],
  ['every other error code', errorCodeDeliveries],
]);

/** Sends every delivery of every section to each app; each app gets its own freshly signed set. */
async function run(/** @type {Awaited<ReturnType<typeof startExample>>[]} */ apps) {
  const schemes = schemesFromEnv(DEMO_ENV, () => {});
  /** @type {Row[]} */
  const rows = [];
  for (const [section, build] of SECTIONS) {
    const perApp = apps.map((app) => ({ app, deliveries: build(schemes, Date.now()) }));
    const reference = perApp[0]?.deliveries ?? [];
    for (const [index, delivery] of reference.entries()) {
      /** @type {Answer[]} */
      const answers = [];
      for (const { app, deliveries } of perApp) {
        const { status, body } = await send(app.url, (deliveries[index] ?? delivery).request);
        const code = typeof body === 'object' && body !== null ? body.error?.code : undefined;
        answers.push({
          text: describe({ status, code }),
          ok: status === delivery.expect.status && code === delivery.expect.code,
        });
      }
      rows.push({ section, delivery, answers });
    }
  }
  return rows;
}

/** Prints the rows as aligned tables, one per section; colour is added after padding. */
function print(/** @type {Row[]} */ rows, /** @type {string[]} */ names) {
  const headers = ['provider', 'case', 'expected', ...names];
  const plain = rows.map((row) => [
    row.delivery.provider,
    row.delivery.label,
    describe(row.delivery.expect),
    ...row.answers.map((answer) => `${answer.text} ${answer.ok ? '✓' : '✗'}`),
  ]);
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...plain.map((cells) => (cells[column] ?? '').length)),
  );
  const pad = (/** @type {string} */ text, /** @type {number} */ column) =>
    text.padEnd(widths[column] ?? 0);
  let section = '';
  for (const [index, row] of rows.entries()) {
    if (row.section !== section) {
      section = row.section;
      console.log(`\n${paint('1', section)}\n${paint('2', headers.map(pad).join('  ').trimEnd())}`);
    }
    const cells = (plain[index] ?? []).map((text, column) => {
      const answer = row.answers[column - 3];
      return answer === undefined
        ? pad(text, column)
        : paint(answer.ok ? '32' : '31', pad(text, column));
    });
    console.log(cells.join('  ').trimEnd());
    if (row.delivery.note) console.log(paint('2', `    ↳ ${row.delivery.note}`));
  }
}

const apps = await Promise.all([
  startExample('express', DEMO_ENV),
  startExample('fastify', DEMO_ENV),
]);
let rows;
try {
  rows = await run(apps);
} finally {
  await Promise.all(apps.map((app) => app.stop()));
}
console.log(
  `\nhookguard demo: two example apps (${apps.map((app) => `${app.name} at ${app.url}`).join(', ')}), real HTTP, real signatures`,
);
print(
  rows,
  apps.map((app) => app.name),
);
const surprises = rows.filter((row) => row.answers.some((answer) => !answer.ok));
if (surprises.length > 0) {
  console.log(
    paint(
      '31',
      `\n${surprises.length} surprise(s): ${surprises.map((row) => `${row.delivery.provider} ${row.delivery.label}`).join('; ')}`,
    ),
  );
  process.exit(1);
}
console.log(paint('32', `\nAll ${rows.length} cases answered as expected by both apps.`));
