import type { Explanation } from './explain.js';

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
  lines.push(
    explanation.verdict.ok
      ? `verdict: accepted (key ${JSON.stringify(explanation.verdict.matchedKey)})`
      : `verdict: ${explanation.verdict.code}: ${explanation.verdict.message}`,
  );
  lines.push('', 'checks:');
  for (const check of explanation.checks) {
    lines.push(
      `  ${MARK[check.outcome]} ${check.check}${check.message === undefined ? '' : `: ${check.message}`}`,
    );
  }
  const { stringToSign } = explanation;
  if (stringToSign !== undefined) {
    lines.push('', `string to sign (${stringToSign.byteLength} bytes):`);
    lines.push(...splitLines(stringToSign.text).map((line) => `  ${line}`));
    lines.push('', 'its parts:');
    lines.push(...table(stringToSign.parts.map((part) => [part.label, `"${part.value}"`])));
  }
  for (const key of explanation.keys) {
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
    lines.push('', `key ${JSON.stringify(key.key)}${note}:`);
    for (const form of key.forms) {
      lines.push(`  as ${form.form}:`);
      lines.push(
        ...table(
          form.steps.map((step) => [step.label, step.value]),
          '    ',
        ),
      );
    }
  }
  if (explanation.received.length > 0) lines.push('', 'received:');
  for (const signature of explanation.received) {
    lines.push(`  ${signature.received}`);
    if (signature.decoded.length === 0) lines.push('    cannot be decoded');
    for (const decoded of signature.decoded)
      lines.push(`    read as ${decoded.form}: ${decoded.hex}`);
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
