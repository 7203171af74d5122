import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAPTERS, type RunningApp } from '../support/adapters.js';
import { allCases, webhookSchemeFor } from '../support/vectors.js';

const cases = allCases();

function send(app: RunningApp, testCase: (typeof cases)[number]['testCase']) {
  const { method, url, headers, body } = testCase.request;
  let call = request(app.server)[method.toLowerCase() as 'post' | 'get'](url);
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) call = call.set(name, value as string);
  }
  return body === '' ? call : call.send(body);
}

for (const adapter of ADAPTERS) {
  describe(`every vector through ${adapter.name}`, () => {
    const apps: RunningApp[] = [];
    const appFor = new Map<string, RunningApp>();

    beforeAll(async () => {
      for (const { file, testCase, title } of cases) {
        const path = new URL(testCase.request.url, 'http://x').pathname;
        const app = await adapter.start([
          {
            method: testCase.request.method as 'POST' | 'GET',
            path,
            scheme: webhookSchemeFor(file, testCase),
            now: () => testCase.now ?? 0,
            // Every accepted vector reaches the handler, so its payload can be checked: a
            // vector that is a signed handshake (Discord's is a PING) would otherwise be
            // answered by the adapter (test/adapters/handshakes.test.ts covers that).
            handshakes: 'pass',
          },
        ]);
        apps.push(app);
        appFor.set(title, app);
      }
    });
    afterAll(async () => {
      await Promise.all(apps.map((app) => app.close()));
    });

    for (const { testCase, title, file } of cases) {
      it(title, async () => {
        const response = await send(appFor.get(title) as RunningApp, testCase);
        if ('accepted' in testCase.expect) {
          expect(response.status, JSON.stringify(response.body)).toBe(200);
          expect(response.body.provider).toBe(file.scheme);
          if (testCase.expect.payload !== undefined)
            expect(response.body.payload).toEqual(testCase.expect.payload);
        } else if (
          adapter.mergesRepeatedHeaders &&
          Object.values(testCase.request.headers).some(Array.isArray)
        ) {
          // The Fetch API merged the repeated header: still refused, with the code the merged value earns.
          expect(response.status, JSON.stringify(response.body)).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          expect(response.body.error?.code).toMatch(/^[a-z_]+$/);
        } else {
          const { code } = testCase.expect;
          expect(response.body.error?.code, JSON.stringify(response.body)).toBe(code);
          expect(response.status).toBe(
            {
              malformed_request: 400,
              body_too_large: 413,
              unsupported_media_type: 415,
              body_already_parsed: 500,
              unexpected_sender: 403,
              key_unavailable: 503,
            }[code as string] ?? 401,
          );
          expect(typeof response.body.error.message).toBe('string');
        }
      });
    }
  });
}
