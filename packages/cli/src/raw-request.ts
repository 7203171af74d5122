import type { WebhookRequest } from '@hookguard/core';
import { UsageError } from './args.js';

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd === -1) throw new UsageError('the chunked body is cut short.');
    const size = Number.parseInt(
      body.toString('latin1', offset, lineEnd).split(';')[0] as string,
      16,
    );
    if (!Number.isFinite(size))
      throw new UsageError('a chunk size in the body is not hexadecimal.');
    if (size === 0) return Buffer.concat(parts);
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
}

/**
 * A captured raw HTTP request (as `nc -l` or a proxy saves it): the request line, the
 * headers, an empty line, and the body, framed by Content-Length or chunked encoding. Lines
 * may end with CRLF or LF. Repeated headers are kept as lists, so `explain` sees them.
 */
export function parseRawRequest(raw: Buffer): WebhookRequest {
  let split = raw.indexOf('\r\n\r\n');
  let gap = 4;
  if (split === -1 || (raw.indexOf('\n\n') !== -1 && raw.indexOf('\n\n') < split)) {
    split = raw.indexOf('\n\n');
    gap = 2;
  }
  if (split === -1)
    throw new UsageError('the request has no empty line between its headers and its body.');
  const [requestLine = '', ...headerLines] = raw.toString('latin1', 0, split).split(/\r?\n/);
  const match = /^([A-Z]+) (\S+) HTTP\/\d(?:\.\d)?$/.exec(requestLine.trim());
  if (match === null)
    throw new UsageError(
      `the first line is not an HTTP request line: ${JSON.stringify(requestLine.slice(0, 80))}`,
    );
  const headers: Record<string, string | string[]> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon < 1) throw new UsageError(`not a header line: ${JSON.stringify(line.slice(0, 80))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8');
    const existing = headers[name];
    headers[name] =
      existing === undefined
        ? value
        : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  let body = raw.subarray(split + gap);
  if (
    String(headers['transfer-encoding'] ?? '')
      .toLowerCase()
      .includes('chunked')
  )
    body = dechunk(body);
  else if (typeof headers['content-length'] === 'string')
    body = body.subarray(0, Number(headers['content-length']));
  return { method: match[1] as string, url: match[2] as string, headers, body };
}
