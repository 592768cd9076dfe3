/**
 * Test helper: the longest gap between ticks of a short interval timer while
 * `work` runs. A blocked event loop shows up as a long gap.
 */
export async function longestLoopGap<T>(
  work: () => Promise<T>,
  everyMs = 2,
): Promise<{ result: T; gapMs: number }> {
  let gapMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    gapMs = Math.max(gapMs, now - last);
    last = now;
  }, everyMs);
  try {
    const result = await work();
    return { result, gapMs: Math.max(gapMs, performance.now() - last) };
  } finally {
    clearInterval(timer);
  }
}
