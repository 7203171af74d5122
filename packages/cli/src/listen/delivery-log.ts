import { closeSync, openSync, writeSync } from 'node:fs';
import type { DeliveryView } from './delivery.js';
import type { RawDelivery } from './forward.js';

/** Deliveries kept in memory, for a page opened later; the oldest go first. */
export const MAX_DELIVERIES = 500;
/** Body bytes kept in memory at most (for re-sending), whatever the count. */
export const MAX_KEPT_BODY_BYTES = 64 * 1024 * 1024;

interface Kept {
  view: DeliveryView;
  /** The bytes as received, for a re-send: never shown, written or streamed. */
  readonly raw: RawDelivery | undefined;
}

type Listener = (view: DeliveryView) => void;

/**
 * The deliveries of this run: the last {@link MAX_DELIVERIES} in memory (and at most
 * {@link MAX_KEPT_BODY_BYTES} of bodies), each sent to the page's event streams when it
 * arrives and again when the app has answered, and appended to the `--record` file once
 * complete, one JSON line per delivery.
 */
export class DeliveryLog {
  readonly #kept = new Map<number, Kept>();
  readonly #listeners = new Set<Listener>();
  readonly #record: number | undefined;
  #keptBytes = 0;
  #nextId = 1;

  /** Opens `recordPath` for appending (it is created when missing). */
  constructor(recordPath?: string) {
    this.#record = recordPath === undefined ? undefined : openSync(recordPath, 'a');
  }

  /** The next delivery's id. */
  nextId(): number {
    return this.#nextId++;
  }

  /** Adds a delivery or replaces it (by id), tells the listeners, and records a complete one. */
  put(view: DeliveryView, raw?: RawDelivery): void {
    const existing = this.#kept.get(view.id);
    if (existing === undefined) {
      this.#kept.set(view.id, { view, raw });
      this.#keptBytes += raw?.body.length ?? 0;
      this.#evict();
    } else {
      existing.view = view;
    }
    for (const listener of this.#listeners) listener(view);
    if (this.#record !== undefined && isComplete(view))
      writeSync(this.#record, `${JSON.stringify(view)}\n`);
  }

  get(id: number): { view: DeliveryView; raw: RawDelivery | undefined } | undefined {
    return this.#kept.get(id);
  }

  /** The deliveries kept, oldest first. */
  views(): DeliveryView[] {
    return [...this.#kept.values()].map((kept) => kept.view);
  }

  /** Calls `listener` with each delivery as it is put; returns the function that stops it. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#listeners.clear();
    if (this.#record !== undefined) closeSync(this.#record);
  }

  #evict(): void {
    for (const [id, kept] of this.#kept) {
      if (this.#kept.size <= MAX_DELIVERIES && this.#keptBytes <= MAX_KEPT_BODY_BYTES) return;
      this.#kept.delete(id);
      this.#keptBytes -= kept.raw?.body.length ?? 0;
    }
  }
}

/** Whether nothing more will change: the app has answered, or nothing was forwarded. */
export function isComplete(view: DeliveryView): boolean {
  return view.forwarded?.state !== 'pending';
}
