/** A store method's answer: at once, from a store in this process, or later. */
export type MaybePromise<T> = T | Promise<T>;

/** A store call that took longer than the policy allows. */
export class ReplayStoreTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the replay store did not answer within ${timeoutMs} ms`);
  }
}

/** A store that answered outside the contract; the message is hookguard's own. */
export class ReplayStoreAnswerError extends Error {
  override readonly name = 'ReplayStoreAnswerError';
}

/**
 * True for a promise (or any thenable): the store, or `route.handleNow`, will answer later.
 *
 * @example
 * ```ts
 * const outcome = route.handleNow(request);
 * if (isPending(outcome)) outcome.then(proceed, fail);
 * else proceed(outcome);
 * ```
 */
export function isPending<T>(answer: MaybePromise<T>): answer is Promise<T> {
  return typeof (answer as { then?: unknown } | null)?.then === 'function';
}

/** A store call waiting for its answer, with the time it must be rejected by. */
interface PendingCall {
  readonly deadline: number;
  readonly timeoutMs: number;
  readonly reject: (reason: ReplayStoreTimeout) => void;
}

// One timer for every pending store call, armed for the earliest deadline, instead of a
// timer per call: arming and clearing a timer twice per delivery cost more than a memory
// store's whole claim and commit (measured in `pnpm bench`).
const pending = new Set<PendingCall>();
let timer: ReturnType<typeof setTimeout> | undefined;
let armedFor = Number.POSITIVE_INFINITY;

function armTimer(now: number): void {
  let earliest = Number.POSITIVE_INFINITY;
  for (const call of pending) if (call.deadline < earliest) earliest = call.deadline;
  if (earliest === Number.POSITIVE_INFINITY) return;
  armedFor = earliest;
  timer = setTimeout(expire, Math.max(0, earliest - now));
  // Not holding the process open for a deadline; where unref does not exist, or throws
  // (some edge runtimes), the timer simply stays referenced.
  try {
    (timer as { unref?: () => void }).unref?.();
  } catch {}
}

function expire(): void {
  timer = undefined;
  armedFor = Number.POSITIVE_INFINITY;
  const now = Date.now();
  for (const call of pending) {
    if (call.deadline > now) continue;
    pending.delete(call);
    call.reject(new ReplayStoreTimeout(call.timeoutMs));
  }
  armTimer(now);
}

/**
 * Settles with the store call, or rejects once it has taken longer than `timeoutMs`:
 * nothing hangs. The call itself goes on (see `claimDelivery` for a claim's late reply).
 */
export function withTimeout<T>(call: PromiseLike<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const now = Date.now();
    const entry: PendingCall = { deadline: now + timeoutMs, timeoutMs, reject };
    pending.add(entry);
    // A call with a shorter timeout than the one the timer waits for re-arms it.
    if (entry.deadline < armedFor) {
      clearTimeout(timer);
      armTimer(now);
    }
    call.then(
      (value) => {
        pending.delete(entry);
        resolve(value);
      },
      (error: unknown) => {
        pending.delete(entry);
        reject(error);
      },
    );
  });
}

/**
 * What went wrong, for a log line: hookguard's own message, or the store error's name and
 * code (`Error ECONNREFUSED`, `ReplyError`). Never a store's message: a client may quote its
 * URL, its password or what it was sent. The error itself stays the 503's `cause`.
 */
export function describeStoreFailure(cause: unknown): string {
  if (cause instanceof ReplayStoreTimeout || cause instanceof ReplayStoreAnswerError) {
    return cause.message;
  }
  if (!(cause instanceof Error)) return 'the replay store failed';
  const code = (cause as { code?: unknown }).code;
  const kind = typeof code === 'string' && /^[\w.-]{1,40}$/.test(code) ? ` ${code}` : '';
  const name = /^[\w.-]{1,40}$/.test(cause.name) ? cause.name : 'Error';
  return `the replay store failed (${name}${kind})`;
}
