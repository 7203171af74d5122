/**
 * Runs `sweep` every `intervalMs` on an unref'd timer (it never keeps the process alive),
 * never two at once, and reports failures through `onError`. Returns the function that
 * stops it.
 */
export function startSweeper(
  sweep: () => Promise<unknown>,
  intervalMs: number,
  onError: (error: unknown) => void,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    // A sweep slower than the interval (a huge backlog, a slow database) is not doubled up.
    if (running) return;
    running = true;
    sweep()
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
