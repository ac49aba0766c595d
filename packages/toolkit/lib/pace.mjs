// Spaces out requests to at most `rate` a second, across everything that awaits the same pacer
// (the contract suite's requests, the fuzzer's workers). A rate of 0 does not pace.

/** @param {number} rate requests per second */
export function pacer(rate) {
  let nextSlot = 0;
  return async () => {
    if (!rate) return;
    const now = Date.now();
    const at = Math.max(now, nextSlot);
    nextSlot = at + 1000 / rate;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  };
}
