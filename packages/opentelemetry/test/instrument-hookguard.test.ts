import {
  MemoryReplayStore,
  sign,
  slack,
  stripe,
  verify,
  type WebhookRequest,
} from '@hookguard/core';
import { webhookRoute } from '@hookguard/core/adapter';
import {
  ATTRIBUTES,
  INSTRUMENTATION_SCOPE,
  instrumentHookguard,
  METRICS,
  SPAN_NAME,
} from '@hookguard/opentelemetry';
import { withWebhook } from '@hookguard/web';
import {
  type Context,
  type ContextManager,
  context,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import {
  type DataPoint,
  MeterProvider,
  MetricReader,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// The OpenTelemetry SDK's in-memory exporter and a collecting metric reader: what the
// package records for each verification the core publishes.

const NOW = 1_700_000_000_000;
const now = () => NOW;
const NEW_SECRET = 'whsec_otel_new';
const OLD_SECRET = 'whsec_otel_old';
const rotating = stripe({ secret: [NEW_SECRET, OLD_SECRET] });

function delivery(secret = NEW_SECRET, body: unknown = { id: 'evt_otel' }): WebhookRequest {
  const signed = sign(stripe({ secret }), { body, timestamp: NOW });
  return { method: 'POST', url: '/hooks', headers: signed.headers, body: signed.body };
}

/** A reader the test collects from when it wants. */
class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** Synchronous context: enough here, since the core publishes a start as verify is called. */
class StackContextManager implements ContextManager {
  #current: Context = ROOT_CONTEXT;
  active(): Context {
    return this.#current;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    active: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    const previous = this.#current;
    this.#current = active;
    try {
      return fn.call(thisArg, ...args);
    } finally {
      this.#current = previous;
    }
  }
  bind<T>(_context: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.#current = ROOT_CONTEXT;
    return this;
  }
}

let exporter: InMemorySpanExporter;
let tracerProvider: BasicTracerProvider;
let reader: CollectingReader;
let uninstrument: () => void;

beforeEach(() => {
  exporter = new InMemorySpanExporter();
  tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  uninstrument = instrumentHookguard({ tracerProvider, meterProvider });
});

afterEach(() => {
  uninstrument();
});

/** The data points of one metric, as [attributes, value]. */
async function points(name: string): Promise<[Record<string, unknown>, unknown][]> {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics
    .filter((scope) => scope.scope.name === INSTRUMENTATION_SCOPE)
    .flatMap((scope) => scope.metrics)
    .find((candidate) => candidate.descriptor.name === name);
  return ((metric as SumMetricData | undefined)?.dataPoints ?? []).map(
    (point: DataPoint<unknown>) => [point.attributes, point.value],
  );
}

describe('instrumentHookguard', () => {
  it('records an accepted delivery as one span with its provider, key and replay status', async () => {
    await verify(rotating, delivery(), { now, replayStore: new MemoryReplayStore() });
    const [span, ...others] = exporter.getFinishedSpans();
    expect(others).toEqual([]);
    expect(span?.name).toBe(SPAN_NAME);
    expect(span?.kind).toBe(SpanKind.INTERNAL);
    expect(span?.instrumentationScope.name).toBe(INSTRUMENTATION_SCOPE);
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    expect(span?.attributes).toEqual({
      [ATTRIBUTES.provider]: 'stripe',
      [ATTRIBUTES.outcome]: 'accepted',
      [ATTRIBUTES.replay]: 'claimed',
      [ATTRIBUTES.matchedKey]: 0,
      [ATTRIBUTES.secondaryKey]: false,
    });
    expect(await points(METRICS.verifications)).toEqual([
      [{ [ATTRIBUTES.provider]: 'stripe', [ATTRIBUTES.outcome]: 'accepted' }, 1],
    ]);
    expect(await points(METRICS.secondaryKeyMatches)).toEqual([]);
  });

  it('marks a refusal ERROR with its code, and counts it by provider and code', async () => {
    await verify(rotating, { ...delivery(), body: '{"forged":true}' }, { now }).catch(() => {});
    await verify(rotating, { ...delivery(), body: '{"forged":true}' }, { now }).catch(() => {});
    await verify(rotating, delivery(), { now });
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(3);
    expect(spans[0]?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'invalid_signature' });
    expect(spans[0]?.attributes).toEqual({
      [ATTRIBUTES.provider]: 'stripe',
      [ATTRIBUTES.outcome]: 'rejected',
      [ATTRIBUTES.code]: 'invalid_signature',
      [ATTRIBUTES.errorType]: 'invalid_signature',
      [ATTRIBUTES.stage]: 'verify',
    });
    expect(await points(METRICS.verifications)).toEqual([
      [
        {
          [ATTRIBUTES.provider]: 'stripe',
          [ATTRIBUTES.outcome]: 'rejected',
          [ATTRIBUTES.errorType]: 'invalid_signature',
          [ATTRIBUTES.code]: 'invalid_signature',
        },
        2,
      ],
      [{ [ATTRIBUTES.provider]: 'stripe', [ATTRIBUTES.outcome]: 'accepted' }, 1],
    ]);
  });

  it('signals a secondary key: a span attribute and a counter by provider and key', async () => {
    await verify(rotating, delivery(OLD_SECRET), { now });
    await verify(rotating, delivery(OLD_SECRET), { now });
    expect(exporter.getFinishedSpans()[0]?.attributes).toMatchObject({
      [ATTRIBUTES.matchedKey]: 1,
      [ATTRIBUTES.secondaryKey]: true,
    });
    expect(await points(METRICS.secondaryKeyMatches)).toEqual([
      [{ [ATTRIBUTES.provider]: 'stripe', [ATTRIBUTES.matchedKey]: 1 }, 2],
    ]);
  });

  it('records the time verifications took, by provider and outcome', async () => {
    await verify(rotating, delivery(), { now });
    const [[attributes, value]] = (await points(METRICS.duration)) as [
      [Record<string, unknown>, { count: number; sum: number }],
    ];
    expect(attributes).toEqual({
      [ATTRIBUTES.provider]: 'stripe',
      [ATTRIBUTES.outcome]: 'accepted',
    });
    expect(value.count).toBe(1);
    expect(value.sum).toBeGreaterThanOrEqual(0);
    expect(value.sum).toBeLessThan(5);
  });

  it('records an answered handshake as outcome handshake', async () => {
    const slackScheme = slack({ signingSecret: NEW_SECRET });
    const message = sign(slackScheme, {
      body: { type: 'url_verification', challenge: 'ch-1', token: 'x' },
      timestamp: NOW,
    });
    await webhookRoute(slackScheme, { now }, ['respond'], 't').handle({
      method: 'POST',
      url: '/slack',
      headers: message.headers,
      body: message.body,
    });
    expect(exporter.getFinishedSpans()[0]?.attributes).toEqual({
      [ATTRIBUTES.provider]: 'slack',
      [ATTRIBUTES.outcome]: 'handshake',
      [ATTRIBUTES.replay]: 'off',
    });
  });

  it("records a refusal the adapter made before verifying, at stage read (the Web adapter's 415)", async () => {
    const handle = withWebhook(rotating, () => new Response('ok'), { now });
    const signed = delivery();
    const response = await handle(
      new Request('https://merchant.example/hooks', {
        method: 'POST',
        headers: { ...signed.headers, 'content-type': 'text/csv' },
        body: 'a,b',
      }),
    );
    expect(response.status).toBe(415);
    const [span] = exporter.getFinishedSpans();
    expect(span?.attributes).toMatchObject({
      [ATTRIBUTES.code]: 'unsupported_media_type',
      [ATTRIBUTES.stage]: 'read',
    });
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('makes the span a child of the span active when verification began', async () => {
    const manager = new StackContextManager();
    context.setGlobalContextManager(manager);
    try {
      const tracer = tracerProvider.getTracer('the-app');
      const server = tracer.startSpan('POST /hooks');
      await context.with(trace.setSpan(context.active(), server), () =>
        verify(rotating, delivery(), { now }),
      );
      server.end();
      const [child, parent] = exporter.getFinishedSpans();
      expect(child?.name).toBe(SPAN_NAME);
      expect(child?.spanContext().traceId).toBe(parent?.spanContext().traceId);
      expect(child?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
    } finally {
      context.disable();
    }
  });

  it('records nothing once uninstrumented', async () => {
    uninstrument();
    await verify(rotating, delivery(), { now });
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(await points(METRICS.verifications)).toEqual([]);
  });

  it('uses the global providers by default', async () => {
    uninstrument();
    trace.setGlobalTracerProvider(tracerProvider);
    try {
      uninstrument = instrumentHookguard();
      await verify(rotating, delivery(), { now });
      expect(exporter.getFinishedSpans()).toHaveLength(1);
    } finally {
      trace.disable();
    }
  });
});
