import { expect } from 'vitest';
import type { HttpRequest } from '../../scripts/demo/deliveries.mjs';
import { eventually } from './eventually.js';

/** One answer to one attempt, as a vendor's delivery log would keep it. */
export interface Answer {
  readonly status: number;
  /** `error.code` of a JSON error answer. */
  readonly code: string | undefined;
  readonly retryAfter: string | null;
  /** The whole body as received, to check that nothing secret was echoed. */
  readonly text: string;
}

/**
 * Sends `request` once to `baseUrl` and reads the answer. With a `signal`, the request can
 * be given up (the client going away); its promise then rejects.
 */
export async function post(
  baseUrl: string,
  request: HttpRequest,
  signal?: AbortSignal,
): Promise<Answer> {
  const response = await fetch(new URL(request.path, baseUrl), {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
    ...(signal === undefined ? {} : { signal }),
  });
  const text = await response.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: response.status, code, retryAfter: response.headers.get('retry-after'), text };
}

/** What vendors retry: a delivery in progress elsewhere (409), a store unavailable (503). */
const RETRIED: readonly number[] = [409, 503];

/** Options of {@link deliverLikeAVendor}. */
export interface VendorRetry {
  /** Statuses resent; default 409 and 503. */
  readonly retryOn?: readonly number[];
  /** Gives up (throws) after this long; default 15 s. */
  readonly deadlineMs?: number;
}

/**
 * Delivers `request` as a webhook vendor does: resends the identical request while it is
 * answered 409 (in progress) or 503 (unavailable), until another answer or the deadline.
 * Every answer, the last included, is appended to `log`, so a test can count how many
 * attempts of one delivery were accepted across everything it sent.
 */
export async function deliverLikeAVendor(
  baseUrl: string,
  request: HttpRequest,
  log: Answer[],
  { retryOn = RETRIED, deadlineMs = 15_000 }: VendorRetry = {},
): Promise<Answer> {
  let last: Answer | undefined;
  await eventually(
    async () => {
      last = await post(baseUrl, request);
      log.push(last);
      return !retryOn.includes(last.status);
    },
    `an answer other than ${retryOn.join(' or ')} to ${request.method} ${request.path}`,
    deadlineMs,
  );
  return last as Answer;
}

/** How many attempts in `log` were accepted (any 2xx). */
export function accepted(log: readonly Answer[]): number {
  return log.filter((answer) => answer.status >= 200 && answer.status < 300).length;
}

/** `status code` of each answer, in order, for assertion messages. */
export function summary(log: readonly Answer[]): string {
  return log.map((answer) => `${answer.status} ${answer.code ?? ''}`.trim()).join(', ');
}

/**
 * What a fault must never break, once service is back: the vendor's identical retry is
 * accepted (within `retry.deadlineMs`), a copy after that is `replayed`, and across every
 * attempt in `log` (those made during the fault included) exactly one was accepted.
 */
export async function expectAcceptedOnceAfterwards(
  baseUrl: string,
  request: HttpRequest,
  log: Answer[],
  retry: VendorRetry = {},
): Promise<void> {
  const accepting = await deliverLikeAVendor(baseUrl, request, log, retry);
  expect(accepting.status, summary(log)).toBe(200);
  const copy = await deliverLikeAVendor(baseUrl, request, log);
  expect([copy.status, copy.code], summary(log)).toEqual([401, 'replayed']);
  expect(accepted(log), summary(log)).toBe(1);
}
