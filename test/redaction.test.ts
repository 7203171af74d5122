import { createHmac } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  ERROR_STATUS,
  explain,
  formatExplanation,
  github,
  type ReplayStore,
  sign,
  standardWebhooks,
  stripe,
  VERIFY_CHANNELS,
  verify,
  type WebhookLogger,
  type WebhookRequest,
  type WebhookScheme,
} from '@hookguard/core';
import { webhookRoute } from '@hookguard/core/adapter';
import { webhookHandler } from '@hookguard/lambda';
import { instrumentHookguard } from '@hookguard/opentelemetry';
import { withWebhook } from '@hookguard/web';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpApiEvent } from './support/lambda-events.js';

// The redaction guarantee, as a property: whatever the secrets and the body, and whatever
// happens to the request (accepted, forged with another secret, tampered, stale, unsigned,
// of the wrong type, too large, replayed, with the replay store down), nothing hookguard
// emits holds a secret, the key's bytes (as text, hex, base64 or base64url), or a signature
// hookguard expected that the sender did not send. Emitted means: the error (message and
// cause), `explain` and `formatExplanation`, the adapters' log lines (`logger`, `warn`) and
// answers, the diagnostics channels' messages, and the OpenTelemetry spans and metrics.
// Channel messages, spans and metric points are also held to a closed vocabulary: they
// carry no byte of the request at all.

const RUNS = { numRuns: Number(process.env.HOOKGUARD_REDACTION_RUNS ?? 60) };
const NOW = 1_700_000_000_000;
const now = () => NOW;
const LIMIT = 4096;

/** A secret: long enough that it cannot turn up in the output by chance. */
const secretText = fc.string({ unit: 'binary', minLength: 16, maxLength: 48 });
const keyBytes = fc.uint8Array({ minLength: 16, maxLength: 40 });
const bodyValue = fc.jsonValue({ stringUnit: 'binary', maxDepth: 3 });

type Family = 'stripe' | 'github' | 'standard-webhooks';
type Fate =
  | 'accepted'
  | 'forged'
  | 'tampered'
  | 'stale'
  | 'unsigned'
  | 'wrong-type'
  | 'too-large'
  | 'replayed'
  | 'store-down';
const FATES: readonly Fate[] = [
  'accepted',
  'forged',
  'tampered',
  'stale',
  'unsigned',
  'wrong-type',
  'too-large',
  'replayed',
  'store-down',
];

/** The configured secrets' text, and the key bytes each stands for. */
interface Keys {
  readonly secrets: readonly string[];
  readonly bytes: readonly Uint8Array[];
}

const utf8Keys = fc
  .tuple(secretText, secretText)
  .map(([a, b]): Keys => ({ secrets: [a, b], bytes: [a, b].map((s) => Buffer.from(s)) }));
const base64Keys = fc.tuple(keyBytes, keyBytes).map(
  ([a, b]): Keys => ({
    secrets: [a, b].map((bytes) => `whsec_${Buffer.from(bytes).toString('base64')}`),
    bytes: [a, b],
  }),
);

function schemeOf(family: Family, secrets: readonly string[]): WebhookScheme {
  if (family === 'stripe') return stripe({ secret: secrets });
  if (family === 'github') return github({ secret: secrets });
  return standardWebhooks({ secret: secrets });
}

const cases = fc.constantFrom<Family>('stripe', 'github', 'standard-webhooks').chain((family) =>
  fc.record({
    family: fc.constant(family),
    keys: family === 'standard-webhooks' ? base64Keys : utf8Keys,
    attacker: family === 'standard-webhooks' ? base64Keys : utf8Keys,
    // Which configured key signs a delivery: the second is a rotation's older secret.
    signer: fc.constantFrom(0, 1),
    body: bodyValue,
    fate: fc.constantFrom(...FATES),
    requestId: fc.string({ unit: 'grapheme-ascii', maxLength: 20 }),
  }),
);

type Case = typeof cases extends fc.Arbitrary<infer T> ? T : never;

/** A signed delivery, as `sign` gives it for these three schemes. */
type Signed = { headers: Record<string, string>; body: string | Uint8Array };

/** The request the case sends. */
function requestFor(c: Case): WebhookRequest {
  const signWith = (secret: string, body: unknown, timestamp = NOW) =>
    sign(schemeOf(c.family, [secret]), { body, timestamp }, { now }) as Signed;
  const own = c.keys.secrets[c.signer] as string;
  const base = (signed: Signed) => ({
    method: 'POST',
    url: '/hooks',
    headers: { ...signed.headers, 'x-request-id': c.requestId },
    body: signed.body,
  });
  switch (c.fate) {
    case 'forged':
      return base(signWith(c.attacker.secrets[0] as string, c.body));
    case 'tampered': {
      const signed = base(signWith(own, c.body));
      return { ...signed, body: `${String(signed.body)} ` };
    }
    case 'stale':
      return base(signWith(own, c.body, NOW - 3_600_000));
    case 'unsigned': {
      const signed = base(signWith(own, c.body));
      const headers: Record<string, string> = { ...signed.headers };
      for (const name of Object.keys(headers)) if (/signature/.test(name)) headers[name] = '';
      return { ...signed, headers };
    }
    case 'wrong-type': {
      const signed = base(signWith(own, c.body));
      return { ...signed, headers: { ...signed.headers, 'content-type': 'text/csv' } };
    }
    case 'too-large':
      return base(signWith(own, { pad: 'x'.repeat(LIMIT), body: c.body }));
    default:
      return base(signWith(own, c.body));
  }
}

/** A store that remembers everything (so the second copy is `replayed`), or is down. */
function storeFor(c: Case, secret: string): ReplayStore {
  if (c.fate === 'store-down') {
    // A client's error can carry a credential: hookguard must keep it out of what it emits.
    const down = () => Promise.reject(new Error(`NOAUTH ${secret}`));
    return { claim: down, commit: down, release: down };
  }
  const held = new Set<string>();
  return {
    claim(key) {
      if (held.has(key)) return 'replayed';
      held.add(key);
      return 'claimed';
    },
    commit: () => true,
    release: (key) => held.delete(key),
  };
}

/** Every form of a key or secret that would leak it. */
function keyForms(keys: Keys): string[] {
  const forms: string[] = [...keys.secrets];
  for (const bytes of keys.bytes) {
    const buffer = Buffer.from(bytes);
    forms.push(
      buffer.toString('hex'),
      buffer.toString('hex').toUpperCase(),
      buffer.toString('base64'),
      buffer.toString('base64').replace(/=+$/, ''),
      buffer.toString('base64url'),
    );
  }
  return forms;
}

/**
 * The signatures hookguard would expect for the request, in every form, that the request
 * did not carry: from `explain` with `revealExpected` (each key's digest and encodings),
 * and, for Stripe, from an HMAC computed here.
 */
function unsentExpected(c: Case, scheme: WebhookScheme, request: WebhookRequest): string[] {
  const full = explain(scheme, request, { now, revealExpected: true });
  const sent = JSON.stringify(request.headers);
  const found = new Set<string>();
  for (const key of full.keys) {
    const values = [
      key.digestHex ?? '',
      ...key.forms.flatMap((form) => form.steps.map((s) => s.value)),
    ];
    for (const value of values) if (value.length >= 16 && !sent.includes(value)) found.add(value);
  }
  if (c.family === 'stripe') {
    const t = /t=(\d+)/.exec(String(request.headers['stripe-signature']))?.[1];
    for (const bytes of c.keys.bytes) {
      const hex = createHmac('sha256', bytes).update(`${t}.`).update(request.body).digest('hex');
      if (!sent.includes(hex)) found.add(hex);
    }
  }
  return [...found];
}

// What channel messages, spans and metric points may hold: names from these lists (the
// error codes among them) and numbers. A byte of the request would be a string outside them.
const VOCABULARY = new Set([
  ...Object.keys(ERROR_STATUS),
  'stripe',
  'github',
  'standard-webhooks',
  'accepted',
  'handshake',
  'rejected',
  'verify',
  'read',
  'claimed',
  'unprotected',
  'off',
  '_OTHER',
  'hookguard.verify',
]);

function expectClosedVocabulary(where: string, value: unknown): void {
  if (
    value === undefined ||
    value === null ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  )
    return;
  if (typeof value === 'string') {
    expect(VOCABULARY.has(value), `${where}: ${value}`).toBe(true);
    return;
  }
  for (const [key, item] of Object.entries(value as object))
    expectClosedVocabulary(`${where}.${key}`, item);
}

/** A collecting metric reader. */
class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const channelMessages: unknown[] = [];
const onMessage = (message: unknown) => channelMessages.push({ ...(message as object) });
const exporter = new InMemorySpanExporter();
const reader = new CollectingReader();
let uninstrument: () => void;

beforeAll(() => {
  for (const name of Object.values(VERIFY_CHANNELS)) subscribe(name, onMessage);
  uninstrument = instrumentHookguard({
    tracerProvider: new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    }),
    meterProvider: new MeterProvider({ readers: [reader] }),
  });
});

afterAll(() => {
  uninstrument();
  for (const name of Object.values(VERIFY_CHANNELS)) unsubscribe(name, onMessage);
});

/** Runs the case through every emitting path; gives what each emitted, as text. */
async function emitted(c: Case): Promise<{ texts: Record<string, string>; structured: unknown[] }> {
  const scheme = schemeOf(c.family, c.keys.secrets);
  const request = requestFor(c);
  const lines: unknown[] = [];
  const logger: WebhookLogger = {
    warn: (fields, message) => lines.push(['warn', fields, message]),
    info: (fields, message) => lines.push(['info', fields, message]),
    debug: (fields, message) => lines.push(['debug', fields, message]),
  };
  const warnings: string[] = [];
  const options = {
    now,
    logger,
    limit: LIMIT,
    failOpen: false,
    replayStore: storeFor(c, c.keys.secrets[0] as string),
  };
  const errors: unknown[] = [];
  const answers: string[] = [];
  channelMessages.length = 0;
  exporter.reset();

  // The core, twice (a second copy is `replayed` when the first was accepted).
  const coreOptions = {
    now,
    bodyLimit: LIMIT,
    replayStore: storeFor(c, c.keys.secrets[0] as string),
    warn: (text: string) => warnings.push(text),
  };
  for (let copy = 0; copy < (c.fate === 'replayed' ? 2 : 1); copy++) {
    const verified = await verify(scheme, request, coreOptions).catch((error: unknown) => {
      errors.push(error);
      return undefined;
    });
    await verified?.replayClaim?.commit();
  }

  // The adapter kit's route, as every adapter uses it.
  const route = webhookRoute(scheme, options, ['respond'], 'redaction');
  const outcome = await route.handle(request).catch((error: unknown) => {
    errors.push(error);
    route.refused(error as never, request.headers['x-request-id']);
    return undefined;
  });
  if (outcome?.kind === 'webhook') await outcome.webhook.replayClaim?.commit();

  // The Web adapter and the Lambda adapter (API Gateway HTTP API), with the same logger.
  const body =
    typeof request.body === 'string' ? Buffer.from(request.body) : Buffer.from(request.body);
  const web = withWebhook(scheme, () => new Response('ok'), {
    ...options,
    replayStore: storeFor(c, c.keys.secrets[0] as string),
  });
  const lambda = webhookHandler(scheme, () => ({ statusCode: 204 }), {
    ...options,
    replayStore: storeFor(c, c.keys.secrets[0] as string),
  });
  for (let copy = 0; copy < (c.fate === 'replayed' ? 2 : 1); copy++) {
    const response = await web(
      new Request('https://merchant.example/hooks', {
        method: 'POST',
        headers: request.headers as Record<string, string>,
        body,
      }),
    );
    answers.push(await response.text());
    const rawHeaders = Object.entries(request.headers).flatMap(([name, value]) => [
      name,
      String(value),
    ]);
    const result = await lambda(
      httpApiEvent({ method: 'POST', url: '/hooks', rawHeaders, body }),
      {},
    );
    answers.push(JSON.stringify(result));
  }

  // explain, as the CLI and a support ticket would show it.
  const explanation = explain(scheme, request, { now });

  const { resourceMetrics } = await reader.collect();
  const spans = exporter.getFinishedSpans().map((span) => ({
    name: span.name,
    attributes: span.attributes,
    status: span.status,
    events: span.events,
  }));
  const metricPoints = resourceMetrics.scopeMetrics.flatMap((scope) =>
    scope.metrics.flatMap((metric) => metric.dataPoints.map((point) => point.attributes)),
  );
  return {
    texts: {
      errors: errors
        .map((error) => {
          const { message, cause } = error as Error;
          const code = (error as { code?: string }).code;
          // The store's own error stays the 503's cause, for whoever chooses to log it.
          return code === 'replay_store_unavailable'
            ? message
            : `${message} ${String(cause ?? '')}`;
        })
        .join('\n'),
      explain: JSON.stringify(explanation) + formatExplanation(explanation),
      logs: JSON.stringify(lines) + warnings.join('\n'),
      answers: answers.join('\n'),
      channels: JSON.stringify(channelMessages),
      spans: JSON.stringify(spans),
      metrics: JSON.stringify(metricPoints),
    },
    structured: [channelMessages.slice(), spans, metricPoints],
  };
}

describe('redaction', () => {
  it('emits no secret, key bytes or unsent expected signature on any path, for any secrets and body', async () => {
    const fates = new Set<Fate>();
    const codes = new Set<unknown>();
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        fates.add(c.fate);
        const scheme = schemeOf(c.family, c.keys.secrets);
        const forbidden = [...keyForms(c.keys), ...unsentExpected(c, scheme, requestFor(c))];
        const { texts, structured } = await emitted(c);
        for (const [path, text] of Object.entries(texts)) {
          for (const value of forbidden) {
            expect(
              text.includes(value),
              `${path} holds ${JSON.stringify(value.slice(0, 12))}…`,
            ).toBe(false);
          }
        }
        expectClosedVocabulary('diagnostics', structured);
        for (const message of structured[0] as { code?: unknown }[]) codes.add(message.code);
        // Every path ran: something was published and recorded for each case.
        expect(texts.channels).not.toBe('[]');
        expect(texts.spans).not.toBe('[]');
      }),
      RUNS,
    );
    expect(fates.size).toBeGreaterThanOrEqual(FATES.length - 2);
    // The refusals each fate stands for were met (and so were their paths).
    for (const code of [
      'invalid_signature',
      'timestamp_out_of_tolerance',
      'missing_signature',
      'unsupported_media_type',
      'body_too_large',
      'replayed',
      'replay_store_unavailable',
    ]) {
      expect(codes, code).toContain(code);
    }
  });
});
