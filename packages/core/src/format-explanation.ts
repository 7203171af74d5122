import type { ExplainedKey, ExplainedSignature, ExplainedString, Explanation } from './explain.js';
import { visible } from './visible.js';

const MARK = { passed: '✓', failed: '✗', 'not reached': '·' } as const;

/** Splits visible text at its `\n` escapes, not at an escaped backslash followed by `n`. */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\') continue;
    if (text[i + 1] === 'n') {
      lines.push(text.slice(start, i + 2));
      start = i + 2;
    }
    i++;
  }
  lines.push(text.slice(start));
  return lines;
}

function table(rows: readonly (readonly [string, string])[], indent = '  '): string[] {
  const width = Math.max(0, ...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`);
}

/**
 * Renders an {@link Explanation} as plain text for a terminal or a log you read yourself.
 * The string to sign is shown one line per line break, each break marked `\n`.
 */
export function formatExplanation(explanation: Explanation): string {
  const lines: string[] = [`${explanation.scheme} · ${explanation.algorithm}`];
  const { verdict, handshake } = explanation;
  lines.push(
    !verdict.ok
      ? `verdict: ${verdict.code}: ${verdict.message}`
      : 'handshake' in verdict
        ? `verdict: answered as the handshake ${verdict.handshake} (not signed; no signature check applies)`
        : `verdict: accepted (key ${JSON.stringify(verdict.matchedKey)})`,
  );
  if (handshake !== undefined) {
    lines.push('', `handshake: ${handshake.name}${handshake.signed ? ', signed' : ''}`);
    lines.push(`  arrives as ${handshake.arrives}`);
    lines.push(
      `  answered ${handshake.reply.status}${handshake.reply.body === '' ? ', empty' : `: ${visible(handshake.reply.body)}`}`,
    );
  }
  lines.push('', 'checks:');
  for (const check of explanation.checks) {
    lines.push(
      `  ${MARK[check.outcome]} ${check.check}${check.item === undefined ? '' : ` ${check.item}`}${check.message === undefined ? '' : `: ${check.message}`}`,
    );
  }
  const { stringToSign } = explanation;
  if (stringToSign !== undefined) lines.push(...stringLines(stringToSign, ''));
  for (const key of explanation.keys) lines.push(...keyLines(key, ''));
  lines.push(...receivedLines(explanation.received, ''));
  for (const item of explanation.items ?? []) {
    lines.push('', `item ${item.item}: ${item.source}`);
    lines.push(...stringLines(item.stringToSign, '  '));
    if (item.key !== undefined) lines.push(...keyLines(item.key, '  '));
    lines.push(...receivedLines(item.received, '  '));
  }
  const { timestamp } = explanation;
  if (timestamp !== undefined) {
    lines.push('', `timestamp: ${timestamp.received}`);
    if (timestamp.iso !== undefined)
      lines.push(`  ${timestamp.iso}, ${timestamp.ageSeconds?.toFixed(3)} s old`);
    lines.push(
      `  tolerance: ${timestamp.tolerance === false ? 'off' : `${timestamp.tolerance} s each way`}`,
    );
  }
  return lines.join('\n');
}

/** A string to sign, one line per line break, then its labelled parts. */
function stringLines(stringToSign: ExplainedString, indent: string): string[] {
  return [
    '',
    `${indent}string to sign (${stringToSign.byteLength} bytes):`,
    ...splitLines(stringToSign.text).map((line) => `${indent}  ${line}`),
    '',
    `${indent}its parts:`,
    ...table(
      stringToSign.parts.map((part) => [part.label, `"${part.value}"`]),
      `${indent}  `,
    ),
  ];
}

/** A configured key: whether it matches, and each form its expected digest is sent in. */
function keyLines(key: ExplainedKey, indent: string): string[] {
  const note =
    key.digestHex === undefined
      ? key.matches
        ? ' (the signature verifies)'
        : ' (no received signature verifies)'
      : key.matches
        ? ' (matches)'
        : key.revealed
          ? ''
          : ' (expected values masked: none matched; revealExpected shows them)';
  const lines = ['', `${indent}key ${JSON.stringify(key.key)}${note}:`];
  for (const form of key.forms) {
    lines.push(`${indent}  as ${form.form}:`);
    lines.push(
      ...table(
        form.steps.map((step) => [step.label, step.value]),
        `${indent}    `,
      ),
    );
  }
  return lines;
}

/** The received signatures and what each decodes to. */
function receivedLines(received: readonly ExplainedSignature[], indent: string): string[] {
  if (received.length === 0) return [];
  const lines = ['', `${indent}received:`];
  for (const signature of received) {
    lines.push(`${indent}  ${signature.received}`);
    if (signature.decoded.length === 0) lines.push(`${indent}    cannot be decoded`);
    for (const decoded of signature.decoded)
      lines.push(`${indent}    read as ${decoded.form}: ${decoded.hex}`);
  }
  return lines;
}
