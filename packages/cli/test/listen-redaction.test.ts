import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { MemoryReplayStore, sign, stripe, telegram } from '@hookguard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeliveryLog } from '../src/listen/delivery-log.js';
import { createInspectorServer } from '../src/listen/inspector-server.js';
import { type ListenedProvider, listenedProvider } from '../src/listen/listened-provider.js';
import { Receiver } from '../src/listen/receiver.js';
import { findProvider } from '../src/providers.js';

// The redaction guarantee for `hookguard listen` (issue 18): random secrets, and random
// bodies that may even contain them, go through the inspector's whole data path — the
// receiver, the delivery log, the JSON API and a test event — and nothing the page can read
// holds a secret, its hex or base64, or the signature hookguard expected for a forgery (which
// the sender never sent). The listener runs in this process, its HTTP server on a free port.

const secretText = fc.stringMatching(/^[A-Za-z0-9_-]{12,40}$/);

/** Every text form a secret could leak in. */
function forms(secret: string): string[] {
  const bytes = Buffer.from(secret);
  return [secret, bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url')];
}

async function listener(values: { stripe: string; telegram: string }) {
  const replayStore = new MemoryReplayStore();
  const providers = new Map<string, ListenedProvider>();
  const stripeEntry = findProvider('stripe');
  const telegramEntry = findProvider('telegram');
  if (stripeEntry === undefined || telegramEntry === undefined)
    throw new Error('not in the catalog');
  const warnings: string[] = [];
  const warn = (line: string) => warnings.push(line);
  providers.set(
    'stripe',
    listenedProvider(stripeEntry, { secret: values.stripe }, replayStore, warn),
  );
  providers.set(
    'telegram',
    listenedProvider(telegramEntry, { secretToken: values.telegram }, replayStore, warn),
  );
  const log = new DeliveryLog();
  const printed: string[] = [];
  const receiver = new Receiver({
    providers,
    forwardTo: undefined,
    log,
    print: (line) => printed.push(line),
  });
  const { server, closeStreams } = createInspectorServer({
    providers,
    receiver,
    log,
    assets: new Map(),
    forwardTo: undefined,
    version: 'test',
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    printed,
    warnings,
    close: () =>
      new Promise<void>((resolve) => {
        closeStreams();
        log.close();
        server.close(() => resolve());
      }),
  };
}

describe('hookguard listen: the inspector never shows a secret', () => {
  it('keeps random secrets, their encodings and unsent expected signatures out of everything the page reads', async () => {
    await fc.assert(
      fc.asyncProperty(
        secretText,
        secretText,
        fc.string({ maxLength: 80 }),
        fc.boolean(),
        async (stripeSecret, telegramToken, text, quoteSecret) => {
          fc.pre(stripeSecret !== telegramToken);
          const running = await listener({ stripe: stripeSecret, telegram: telegramToken });
          try {
            // A body may carry the secret itself (a vendor echoing it, a user's mistake).
            const body = JSON.stringify({
              id: `evt_${text.length}`,
              text,
              note: quoteSecret ? stripeSecret : 'none',
              amount: 100,
            });
            const signed = sign(stripe({ secret: stripeSecret }), { body });
            const post = (path: string, headers: Record<string, string>, payload: string) =>
              fetch(`${running.origin}${path}`, { method: 'POST', headers, body: payload });
            const headers = signed.headers as Record<string, string>;
            expect((await post('/webhooks/stripe', headers, body)).status).toBe(200);
            const forged = body.replace('"amount":100', '"amount":1');
            expect((await post('/webhooks/stripe', headers, forged)).status).toBe(401);
            // The signature a forgery would have needed: hookguard computes it, never shows it.
            const timestamp = /t=(\d+)/.exec(headers['stripe-signature'] ?? '')?.[1];
            const unsent = createHmac('sha256', stripeSecret)
              .update(`${timestamp}.${forged}`)
              .digest('hex');
            const telegramSigned = sign(telegram({ secretToken: telegramToken }), {
              body: { update_id: text.length, message: { text } },
            });
            await post(
              '/webhooks/telegram',
              telegramSigned.headers as Record<string, string>,
              String(telegramSigned.body),
            );
            await post(
              '/webhooks/telegram',
              {
                ...(telegramSigned.headers as Record<string, string>),
                'x-telegram-bot-api-secret-token': `${telegramToken}x`,
              },
              String(telegramSigned.body),
            );
            const api = (path: string, init?: RequestInit) =>
              fetch(`${running.origin}${path}`, init).then((response) => response.text());
            const test = await api('/api/test-events', {
              method: 'POST',
              headers: { 'content-type': 'application/json', origin: running.origin },
              body: JSON.stringify({ provider: 'stripe' }),
            });
            const list = await api('/api/deliveries');
            const deliveries = (JSON.parse(list) as { deliveries: { id: number }[] }).deliveries;
            expect(deliveries.length).toBeGreaterThanOrEqual(5);
            const each = await Promise.all(
              deliveries.map((delivery) => api(`/api/deliveries/${delivery.id}`)),
            );
            const shown = [list, test, ...each, ...running.printed, ...running.warnings].join('\n');
            for (const secret of [stripeSecret, telegramToken])
              for (const form of forms(secret)) expect(shown).not.toContain(form);
            expect(shown).not.toContain(unsent);
          } finally {
            await running.close();
          }
        },
      ),
      { numRuns: 15 },
    );
  }, 60_000);
});
