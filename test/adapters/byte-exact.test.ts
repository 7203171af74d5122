import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { stripe, type VerifiedWebhook } from '@hookguard/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAPTERS, type RunningApp } from '../support/adapters.js';

// Every adapter hands the core the bytes that were sent, not a decoding of them: a body
// read as text (Slack Bolt's Lambda receiver reads it with `toString('ascii')`) breaks every
// non-ASCII byte. Random bodies — Unicode text, and arbitrary bytes that are not UTF-8 —
// are signed over their exact bytes and sent through each adapter: the signature must
// match (a JSON payload that does not parse is then `malformed_request`, never
// `invalid_signature`), and one byte changed must not.

const SECRET = 'whsec_byte_exact_test_secret';
const NOW = 1_700_000_000_000;
const scheme = stripe({ secret: SECRET });

interface Answer {
  readonly status: number;
  readonly json: { error?: { code: string }; payload?: unknown };
}

/** POSTs exactly these bytes; the answer's status and JSON body. */
function post(app: RunningApp, headers: Record<string, string>, body: Uint8Array) {
  const { port } = app.server.address() as { port: number };
  return new Promise<Answer>((resolve, reject) => {
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', path: '/hook', headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            json: JSON.parse(Buffer.concat(chunks).toString('utf8')),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Stripe's header over exactly these bytes, computed with node:crypto. */
function signatureHeader(body: Uint8Array): string {
  const t = Math.floor(NOW / 1000);
  const digest = createHmac('sha256', SECRET)
    .update(Buffer.concat([Buffer.from(`${t}.`), body]))
    .digest('hex');
  return `t=${t},v1=${digest}`;
}

/** Bodies: JSON with any Unicode in a string, and bytes that need not be UTF-8 at all. */
const bodies = fc.oneof(
  fc
    .string({ unit: 'grapheme', maxLength: 200 })
    .map((text) => new Uint8Array(Buffer.from(JSON.stringify({ text, amount: 100 })))),
  fc.uint8Array({ minLength: 1, maxLength: 300 }),
);

for (const adapter of ADAPTERS) {
  describe(`${adapter.name}: the body reaches the core byte for byte`, () => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await adapter.start([
        {
          path: '/hook',
          scheme,
          now: () => NOW,
          handle: (webhook: VerifiedWebhook) => ({
            status: 200,
            body: { payload: webhook.payload },
          }),
        },
      ]);
    });
    afterAll(() => app.close());

    it('verifies random bodies signed over their exact bytes, and refuses one byte changed', async () => {
      await fc.assert(
        fc.asyncProperty(bodies, fc.nat(), async (body, at) => {
          const headers = {
            'content-type': 'application/json',
            'stripe-signature': signatureHeader(body),
          };
          const answer = await post(app, headers, body);
          let parsed: unknown;
          try {
            parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
          } catch {
            parsed = undefined;
          }
          if (parsed === undefined) {
            expect(answer.json.error?.code).toBe('malformed_request');
          } else {
            expect(answer.status).toBe(200);
            expect(answer.json.payload).toEqual(parsed);
          }
          const changed = body.slice();
          const index = at % changed.length;
          changed[index] = (changed[index] as number) ^ 0x80;
          const forged = await post(app, headers, changed);
          expect(forged.json.error?.code).toBe('invalid_signature');
        }),
        { numRuns: 40 },
      );
    });
  });
}
