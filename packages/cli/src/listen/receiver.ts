import {
  type AnsweredHandshake,
  explainAsync,
  type VerifiedWebhook,
  type WebhookOutcome,
  type WebhookVerificationError,
} from '@hookguard/core';
import {
  isWebhookVerificationError,
  REQUEST_ID_HEADER,
  toErrorResponse,
} from '@hookguard/core/adapter';
import {
  cut,
  type DeliverySource,
  type DeliveryView,
  deliveryLine,
  type Forwarded,
  MAX_SHOWN_BODY_CHARACTERS,
  MAX_SHOWN_RESPONSE_CHARACTERS,
  type ReplayState,
  type ShownExplanation,
  shownExplanation,
  type Verdict,
} from './delivery.js';
import type { DeliveryLog } from './delivery-log.js';
import { type ForwardResult, forward, type RawDelivery } from './forward.js';
import { type ListenedProvider, webhookRequest } from './listened-provider.js';
import { forwardFailure, jsonReply, type Reply } from './reply.js';

/**
 * How long the app may take to answer a forwarded delivery: the core's default replay lease,
 * so the claim is settled by the app's answer before the lease would let a copy through.
 */
export const FORWARD_TIMEOUT_MS = 30_000;

/** Why a re-send was not made; the JSON API answers with its status. */
export class ResendError extends Error {
  constructor(
    readonly status: 404 | 409,
    readonly code: 'not_found' | 'not_resendable',
    message: string,
  ) {
    super(message);
  }
}

function forwardedView(result: ForwardResult): Forwarded {
  if (!result.ok)
    return { state: result.failure, url: result.url, message: result.message, ms: result.ms };
  const body = cut(result.body.toString('utf8'), MAX_SHOWN_RESPONSE_CHARACTERS);
  const type = headerValue(result.rawHeaders, 'content-type');
  return {
    state: 'answered',
    url: result.url,
    status: result.status,
    ms: result.ms,
    ...(type === undefined ? {} : { contentType: type }),
    body: body.text,
    bodyTruncated: body.truncated,
  };
}

function headerValue(rawHeaders: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    if ((rawHeaders[i] as string).toLowerCase() === name) return rawHeaders[i + 1];
  return undefined;
}

/** A delivery as judged, before what became of it is known. */
type Judged = Omit<DeliveryView, 'verdict' | 'replay' | 'forwarded' | 'answered' | 'resendable'>;

/**
 * Receives deliveries for the listened providers: verifies each with the core through the
 * adapter kit (handshakes answered, a replay claimed), explains it, forwards a verified one
 * to the app and settles its claim by the app's answer, and records it in the log.
 */
export class Receiver {
  readonly #providers: ReadonlyMap<string, ListenedProvider>;
  readonly #forwardTo: URL | undefined;
  readonly #log: DeliveryLog;
  readonly #print: (line: string) => void;

  constructor(options: {
    /** By catalog id. */
    readonly providers: ReadonlyMap<string, ListenedProvider>;
    readonly forwardTo: URL | undefined;
    readonly log: DeliveryLog;
    readonly print: (line: string) => void;
  }) {
    this.#providers = options.providers;
    this.#forwardTo = options.forwardTo;
    this.#log = options.log;
    this.#print = options.print;
  }

  /**
   * Judges one delivery and answers it. `unread` is a refusal made before the body was read
   * (a wrong Content-Type, a body over the limit): the delivery is recorded with it, unexplained.
   */
  async receive(
    listened: ListenedProvider,
    delivery: RawDelivery,
    source: DeliverySource,
    unread?: WebhookVerificationError,
  ): Promise<{ view: DeliveryView; reply: Reply }> {
    const id = this.#log.nextId();
    const time = Date.now();
    const request = webhookRequest(delivery);
    let outcome: WebhookOutcome<unknown> | WebhookVerificationError | undefined = unread;
    if (outcome === undefined) {
      try {
        outcome = await listened.route.handle(request);
      } catch (error) {
        if (!isWebhookVerificationError(error)) throw error;
        outcome = error;
      }
    }
    // Every refusal goes to the route, as in every adapter: the diagnostics channels then see
    // the ones made before the body was read too (the core publishes its own once).
    if (isWebhookVerificationError(outcome))
      listened.route.refused(outcome, request.headers[REQUEST_ID_HEADER]);
    const explanation: ShownExplanation | string =
      unread === undefined
        ? await explainAsync(listened.scheme, request, { now: () => time }).then(
            shownExplanation,
            (error: Error) => `explain could not run: ${error.message}`,
          )
        : `The body was not read: ${unread.message}`;
    const body = cut(
      listened.redactor.text(delivery.body.toString('utf8')),
      MAX_SHOWN_BODY_CHARACTERS,
    );
    const judged: Judged = {
      id,
      time: new Date(time).toISOString(),
      source,
      provider: listened.entry.name,
      request: {
        method: delivery.method,
        url: delivery.url,
        headers: listened.redactor.headers(delivery.rawHeaders, listened.signatureIsSecret),
        body: body.text,
        bodyBytes: delivery.body.length,
        bodyTruncated: body.truncated,
      },
      explanation,
    };
    const { view, reply } = isWebhookVerificationError(outcome)
      ? refused(judged, outcome)
      : outcome.kind === 'handshake'
        ? answered(judged, outcome.handshake)
        : await this.#accepted(listened, judged, delivery, outcome.webhook);
    return { view: this.#record(listened, view, delivery), reply };
  }

  /** Commits a verified delivery, or forwards it and settles its claim by the app's answer. */
  async #accepted(
    listened: ListenedProvider,
    judged: Judged,
    delivery: RawDelivery,
    webhook: VerifiedWebhook,
  ): Promise<{ view: DeliveryView; reply: Reply }> {
    const claim = webhook.replayClaim;
    const verdict: Verdict = { kind: 'accepted', matchedKey: webhook.matchedKey };
    const target = this.#forwardTo;
    if (target === undefined) {
      await claim?.commit();
      const replay = claim === undefined ? 'not-claimed' : 'committed';
      return {
        view: { ...judged, verdict, replay, answered: 200, resendable: false },
        reply: jsonReply(200, {
          delivery: judged.id,
          provider: judged.provider,
          matchedKey: webhook.matchedKey,
        }),
      };
    }
    const pending = { ...judged, verdict, resendable: true };
    // Shown at once, then again when the app has answered (the same id).
    this.#log.put(
      listened.redactor.deep({
        ...pending,
        replay: claim === undefined ? 'not-claimed' : 'pending',
        forwarded: { state: 'pending', url: target.href },
      }),
      delivery,
    );
    const result = await forward(target, delivery, FORWARD_TIMEOUT_MS);
    // Committed once the app answered below 500; released on a 5xx or no answer, so the
    // vendor's retry gets through (as the adapters settle it by the response they sent).
    await claim?.settle(result.ok ? result.status : undefined);
    const committed = result.ok && result.status < 500;
    const replay: ReplayState =
      claim === undefined ? 'not-claimed' : committed ? 'committed' : 'released';
    const reply: Reply = result.ok
      ? { status: result.status, rawHeaders: result.rawHeaders, body: result.body }
      : forwardFailure(result, claim !== undefined);
    return {
      view: { ...pending, replay, forwarded: forwardedView(result), answered: reply.status },
      reply,
    };
  }

  /** Puts a finished delivery in the log, its secrets hidden, and prints its line. */
  #record(listened: ListenedProvider, view: DeliveryView, raw: RawDelivery): DeliveryView {
    const safe = listened.redactor.deep(view);
    this.#log.put(safe, raw);
    this.#print(deliveryLine(safe));
    return safe;
  }

  /**
   * Sends a verified delivery's bytes to the app again, as received, and records the
   * answer as a new delivery. The listener's replay check is skipped (it is you asking, not
   * the vendor); the app's own check is not.
   */
  async resend(id: number): Promise<DeliveryView> {
    const kept = this.#log.get(id);
    if (kept === undefined)
      throw new ResendError(404, 'not_found', `no delivery #${id} is kept (the last 500 are).`);
    const target = this.#forwardTo;
    const listened = this.#providers.get(kept.view.provider);
    if (
      target === undefined ||
      listened === undefined ||
      !kept.view.resendable ||
      kept.raw === undefined
    ) {
      throw new ResendError(
        409,
        'not_resendable',
        target === undefined
          ? 'nothing is forwarded: start hookguard listen with --forward-to <url> to re-send.'
          : `delivery #${id} did not verify, so it was never sent to the app and is not re-sent.`,
      );
    }
    const { raw } = kept;
    const { answered, forwarded, ...previous } = kept.view;
    const pending: DeliveryView = {
      ...previous,
      id: this.#log.nextId(),
      time: new Date().toISOString(),
      source: 'resend',
      resendOf: previous.source === 'resend' ? (previous.resendOf ?? id) : id,
      replay: 'not-claimed',
      forwarded: { state: 'pending', url: target.href },
    };
    this.#log.put(listened.redactor.deep(pending), raw);
    const result = await forward(target, raw, FORWARD_TIMEOUT_MS);
    const status = result.ok ? result.status : forwardFailure(result, false).status;
    return this.#record(
      listened,
      { ...pending, forwarded: forwardedView(result), answered: status },
      raw,
    );
  }
}

/** A refused delivery: its error code's status and the JSON error contract. */
function refused(
  judged: Judged,
  error: WebhookVerificationError,
): { view: DeliveryView; reply: Reply } {
  const { status, headers, body } = toErrorResponse(error);
  const replay: ReplayState =
    error.code === 'replayed'
      ? 'replayed'
      : error.code === 'delivery_in_progress'
        ? 'in-progress'
        : 'not-claimed';
  const verdict: Verdict = { kind: 'refused', code: error.code, message: error.message, status };
  return {
    view: { ...judged, verdict, replay, answered: status, resendable: false },
    reply: jsonReply(status, body, { ...headers }),
  };
}

/** A vendor's handshake, answered as the adapters answer it; never claimed. */
function answered(
  judged: Judged,
  handshake: AnsweredHandshake,
): { view: DeliveryView; reply: Reply } {
  const { reply } = handshake;
  const verdict: Verdict = { kind: 'handshake', name: handshake.name, status: reply.status };
  return {
    view: { ...judged, verdict, replay: 'not-claimed', answered: reply.status, resendable: false },
    reply: {
      status: reply.status,
      rawHeaders: Object.entries(reply.headers).flat(),
      body: reply.body,
    },
  };
}
