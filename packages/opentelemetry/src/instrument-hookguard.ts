import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  VERIFY_CHANNELS,
  type VerifyEndMessage,
  type VerifyErrorMessage,
  type VerifyStartMessage,
} from '@hookguard/core';
import {
  type Attributes,
  type MeterProvider,
  metrics,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { ATTRIBUTES, INSTRUMENTATION_SCOPE, METRICS, SPAN_NAME } from './names.js';

/** This package's version, written in by the build (tsup `define`); unset from source. */
declare const __HOOKGUARD_OTEL_VERSION__: string | undefined;
const VERSION =
  typeof __HOOKGUARD_OTEL_VERSION__ === 'string' ? __HOOKGUARD_OTEL_VERSION__ : undefined;

/** Options for {@link instrumentHookguard}. */
export interface HookguardInstrumentationOptions {
  /** Where spans go. Default: the global tracer provider (what the OpenTelemetry SDK registers). */
  readonly tracerProvider?: TracerProvider | undefined;
  /** Where metrics go. Default: the global meter provider. */
  readonly meterProvider?: MeterProvider | undefined;
}

/** A key other than the first in the list of secrets: a delivery signed with an older one. */
function isSecondary(matchedKey: number | string | undefined): boolean {
  return typeof matchedKey === 'number' && matchedKey > 0;
}

/**
 * Subscribes to hookguard's verification channels (`hookguard:verify:start|end|error`) and
 * records each verification as a span (`hookguard.verify`, a child of the span active when
 * verification began, such as the HTTP server's; status ERROR when refused) and as metrics:
 * `hookguard.verifications` by provider, outcome and code, `hookguard.secondary_key_matches`
 * when a delivery matched a key other than the first configured one (a secret rotation not
 * finished at the vendor's end), and `hookguard.verification.duration`. Every adapter
 * verifies through the core, so one call covers them all. Returns a function that
 * unsubscribes.
 *
 * @example
 * ```ts
 * import { instrumentHookguard } from '@hookguard/opentelemetry';
 *
 * // After the OpenTelemetry SDK has registered its providers (NodeSDK.start()):
 * instrumentHookguard();
 * ```
 */
export function instrumentHookguard(options: HookguardInstrumentationOptions = {}): () => void {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(
    INSTRUMENTATION_SCOPE,
    VERSION,
  );
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(
    INSTRUMENTATION_SCOPE,
    VERSION,
  );
  const verifications = meter.createCounter(METRICS.verifications, {
    description: 'Webhook verifications, by provider, outcome and refusal code.',
    unit: '{verification}',
  });
  const secondaryKeyMatches = meter.createCounter(METRICS.secondaryKeyMatches, {
    description:
      'Deliveries accepted with a configured key other than the first: the sender still signs with an older secret.',
    unit: '{verification}',
  });
  const duration = meter.createHistogram(METRICS.duration, {
    description: 'Time spent verifying a webhook request.',
    unit: 's',
  });
  // The core publishes one message object per verification, to start and then to end or
  // error: the span is found again by it.
  const spans = new WeakMap<object, Span>();

  function onStart(message: unknown): void {
    const { provider } = message as VerifyStartMessage;
    const span = tracer.startSpan(SPAN_NAME, {
      kind: SpanKind.INTERNAL,
      attributes: { [ATTRIBUTES.provider]: provider },
    });
    spans.set(message as object, span);
  }

  function finish(message: object, attributes: Attributes, durationMs: number): Span | undefined {
    const provider = (message as VerifyStartMessage).provider;
    const outcome = attributes[ATTRIBUTES.outcome];
    verifications.add(1, { [ATTRIBUTES.provider]: provider, ...attributes });
    duration.record(durationMs / 1000, {
      [ATTRIBUTES.provider]: provider,
      [ATTRIBUTES.outcome]: outcome,
    });
    const span = spans.get(message);
    spans.delete(message);
    return span;
  }

  function onEnd(message: unknown): void {
    const { provider, outcome, matchedKey, replay, durationMs } = message as VerifyEndMessage;
    const secondary = isSecondary(matchedKey);
    const span = finish(message as object, { [ATTRIBUTES.outcome]: outcome }, durationMs);
    if (secondary) {
      secondaryKeyMatches.add(1, {
        [ATTRIBUTES.provider]: provider,
        [ATTRIBUTES.matchedKey]: matchedKey as number,
      });
    }
    if (span === undefined) return;
    span.setAttribute(ATTRIBUTES.outcome, outcome);
    span.setAttribute(ATTRIBUTES.replay, replay);
    if (matchedKey !== undefined) {
      span.setAttribute(ATTRIBUTES.matchedKey, matchedKey);
      span.setAttribute(ATTRIBUTES.secondaryKey, secondary);
    }
    span.end();
  }

  function onError(message: unknown): void {
    const { outcome, code, stage, durationMs } = message as VerifyErrorMessage;
    const errorType = code ?? '_OTHER';
    const refusal: Attributes = {
      [ATTRIBUTES.outcome]: outcome,
      [ATTRIBUTES.errorType]: errorType,
    };
    if (code !== undefined) refusal[ATTRIBUTES.code] = code;
    const span = finish(message as object, refusal, durationMs);
    if (span === undefined) return;
    span.setAttributes({ ...refusal, [ATTRIBUTES.stage]: stage });
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorType });
    span.end();
  }

  subscribe(VERIFY_CHANNELS.start, onStart);
  subscribe(VERIFY_CHANNELS.end, onEnd);
  subscribe(VERIFY_CHANNELS.error, onError);
  return function uninstrumentHookguard(): void {
    unsubscribe(VERIFY_CHANNELS.start, onStart);
    unsubscribe(VERIFY_CHANNELS.end, onEnd);
    unsubscribe(VERIFY_CHANNELS.error, onError);
  };
}
