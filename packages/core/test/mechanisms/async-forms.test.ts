import {
  explain,
  explainAsync,
  PROVIDERS,
  type ProviderEntry,
  signAsync,
  verify,
  type WebhookScheme,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { demoScheme } from '../support/demo-scheme.js';

// On node:crypto the async forms answer what the synchronous ones do (the vectors check
// signAsync's exact signatures on both builds; test/portable checks the Web Crypto build).

const NOW = 1_700_000_000_000;
const now = () => NOW;
const webhooks = (PROVIDERS as readonly ProviderEntry[]).filter((entry) => entry.verifies);

describe.each(webhooks.map((entry) => [entry.id, entry] as const))('%s', (_id, entry) => {
  const scheme = demoScheme(entry) as WebhookScheme;

  it('signAsync signs what verify accepts, and explainAsync explains as explain does', async () => {
    const signed = (await signAsync(scheme, entry.sample(NOW), { now })) as {
      headers?: Record<string, string>;
      body?: string;
      url?: string;
    };
    const request =
      signed.headers === undefined
        ? {
            method: 'POST',
            url: entry.route,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(signed),
          }
        : {
            method: 'POST',
            // A scheme that signs a query parameter (Mercado Pago's data.id) says where it sent it.
            url: signed.url?.startsWith('/') ? signed.url : entry.route,
            headers: signed.headers,
            body: signed.body ?? '',
          };
    await expect(verify(scheme, request, { now })).resolves.toMatchObject({ provider: entry.id });
    expect(await explainAsync(scheme, request, { now })).toEqual(explain(scheme, request, { now }));
    const stale = { now: () => NOW + 3_600_000 };
    expect(await explainAsync(scheme, request, stale)).toEqual(explain(scheme, request, stale));
  });
});
