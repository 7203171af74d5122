import type { ExplainedHandshake, Explanation, WebhookErrorCode } from '@hookguard/core';

/** How a delivery came in: from a sender, from the page's test-event button, or re-sent. */
export type DeliverySource = 'received' | 'test-event' | 'resend';

/** What hookguard made of a delivery, as the sender was answered. */
export type Verdict =
  | { readonly kind: 'accepted'; readonly matchedKey: number | string }
  | {
      readonly kind: 'refused';
      readonly code: WebhookErrorCode;
      readonly message: string;
      readonly status: number;
    }
  | { readonly kind: 'handshake'; readonly name: string; readonly status: number };

/**
 * Where the delivery stands in the replay store: `committed` (a copy is now `replayed`),
 * `released` (the app failed, so the vendor's retry is accepted), `pending` while the app
 * has not answered, `replayed` / `in-progress` for a copy refused by the store, and
 * `not-claimed` for what never reaches it (a refusal, a handshake, a re-send).
 */
export type ReplayState =
  | 'pending'
  | 'committed'
  | 'released'
  | 'replayed'
  | 'in-progress'
  | 'not-claimed';

/** What the app answered, or why it could not. */
export type Forwarded =
  | { readonly state: 'pending'; readonly url: string }
  | {
      readonly state: 'answered';
      readonly url: string;
      readonly status: number;
      readonly ms: number;
      readonly contentType?: string;
      /** The start of its body, as text. */
      readonly body: string;
      readonly bodyTruncated: boolean;
    }
  | {
      readonly state: 'unreachable' | 'timeout';
      readonly url: string;
      readonly message: string;
      readonly ms: number;
    };

/** A handshake as the page shows it: its answer by status only (see {@link shownExplanation}). */
export type ShownHandshake = Omit<ExplainedHandshake, 'reply'> & {
  readonly reply: { readonly status: number };
};

/** An explanation as the page shows it. */
export type ShownExplanation = Omit<Explanation, 'handshake'> & {
  readonly handshake?: ShownHandshake;
};

/**
 * One delivery as `listen` shows and records it: what the page, the event stream, the JSON
 * API and the JSONL file carry. Secrets are never in it (see `Redactor`); the bytes needed
 * to re-send it stay in the process.
 */
export interface DeliveryView {
  /** `1`, `2`, …: its place in this run. */
  readonly id: number;
  /** When it arrived, ISO-8601. */
  readonly time: string;
  readonly source: DeliverySource;
  /** For a re-send, the delivery it repeats. */
  readonly resendOf?: number;
  /** The catalog id, such as `stripe`. */
  readonly provider: string;
  readonly request: {
    readonly method: string;
    readonly url: string;
    /** `[name, value]` in the order received; credentials hidden. */
    readonly headers: readonly (readonly [string, string])[];
    /** The body as UTF-8 text, cut at {@link MAX_SHOWN_BODY_CHARACTERS}. */
    readonly body: string;
    readonly bodyBytes: number;
    readonly bodyTruncated: boolean;
  };
  readonly verdict: Verdict;
  readonly replay: ReplayState;
  /** Absent when nothing is forwarded (no `--forward-to`, or the delivery was not verified). */
  readonly forwarded?: Forwarded;
  /** The status the sender was answered with; absent while the app has not answered. */
  readonly answered?: number;
  /**
   * The `explain` trace: each check, the string to sign, each key's expected forms (masked
   * unless the key matched), what the received signature decodes to. A string saying why
   * when there is none (the body was never read).
   */
  readonly explanation: ShownExplanation | string;
  /** Whether the page offers to re-send it: a verified delivery, with `--forward-to`. */
  readonly resendable: boolean;
}

/** A delivery's body is shown up to this many characters; re-sending uses all of it. */
export const MAX_SHOWN_BODY_CHARACTERS = 64 * 1024;
/** The app's answer is shown up to this many characters. */
export const MAX_SHOWN_RESPONSE_CHARACTERS = 4 * 1024;

/**
 * An explanation without a handshake's answer, which is kept to its status: Asana's echoes
 * the secret it sets up in a header, and Zoom's is an HMAC, with the secret, of a string the
 * sender chose. The sender got them; a page anyone on the machine can open does not.
 */
export function shownExplanation(explanation: Explanation): ShownExplanation {
  const { handshake, ...rest } = explanation;
  if (handshake === undefined) return rest;
  const { reply, ...named } = handshake;
  return { ...rest, handshake: { ...named, reply: { status: reply.status } } };
}

/** Text cut at `max` characters, and whether it was. */
export function cut(text: string, max: number): { text: string; truncated: boolean } {
  return text.length > max
    ? { text: text.slice(0, max), truncated: true }
    : { text, truncated: false };
}

/** One line for the terminal: when, which delivery, and what became of it. */
export function deliveryLine(view: DeliveryView): string {
  const { verdict, forwarded } = view;
  const what =
    verdict.kind === 'accepted'
      ? `accepted (key ${JSON.stringify(verdict.matchedKey)})`
      : verdict.kind === 'handshake'
        ? `handshake ${verdict.name} answered ${verdict.status}`
        : `refused ${verdict.code} (${verdict.status})`;
  const app =
    forwarded === undefined
      ? ''
      : forwarded.state === 'answered'
        ? ` → app answered ${forwarded.status}`
        : forwarded.state === 'pending'
          ? ''
          : ` → app ${forwarded.state}: answered ${view.answered}`;
  const source =
    view.source === 'received'
      ? ''
      : ` [${view.source}${view.resendOf === undefined ? '' : ` of #${view.resendOf}`}]`;
  return `${new Date(view.time).toTimeString().slice(0, 8)} #${view.id} ${view.provider} ${view.request.method} ${view.request.url}: ${what}${app}${source}`;
}
