import type { ServerResponse } from 'node:http';
import { toErrorResponse, type WebhookVerificationError } from '@hookguard/core/adapter';

/** Writes an answer on a Node response: a handshake's reply, or a refusal. */
export function writeAnswer(
  res: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>>,
  body: string,
): void {
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Answers a rejected request with `{"error":{"code","message"}}` and the code's status. */
export function writeRefusal(res: ServerResponse, error: WebhookVerificationError): void {
  const { status, headers, body } = toErrorResponse(error);
  writeAnswer(
    res,
    status,
    { ...headers, 'content-type': 'application/json; charset=utf-8' },
    JSON.stringify(body),
  );
}
