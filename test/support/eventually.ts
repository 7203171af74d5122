/**
 * Polls until `check` passes, or fails after `deadlineMs`: for what happens in real time
 * after a response (a claim released on close, a Redis client reconnecting). Time logic is
 * never tested this way; it takes an injected clock.
 */
export async function eventually(
  check: () => Promise<boolean>,
  what: string,
  deadlineMs = 15_000,
): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > deadlineMs) throw new Error(`${what}: not within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
