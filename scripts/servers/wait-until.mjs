// @ts-check
/**
 * The one wait the server launchers share: poll a condition in real time (a process
 * stopping, a cluster agreeing) until it holds or a deadline passes.
 */

/**
 * Polls until `check` passes, or fails after `deadlineMs` with "`what`: not within N ms".
 * @param {() => Promise<boolean>} check
 * @param {string} what
 * @param {number} [deadlineMs]
 * @returns {Promise<void>}
 */
export async function waitUntil(check, what, deadlineMs = 15_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > deadlineMs) throw new Error(`${what}: not within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
