// One listener per caller signal, however many calls share it: a listener per call would trip
// Node's MaxListenersExceededWarning when one AbortSignal governs many concurrent calls.

const subscribers = new WeakMap<AbortSignal, Set<() => void>>();

/** Runs `fn` when `signal` aborts; returns the unsubscribe function. */
export function onAbort(signal: AbortSignal | undefined, fn: () => void): () => void {
  if (!signal) return () => {};
  let set = subscribers.get(signal);
  if (!set) {
    const fresh = new Set<() => void>();
    set = fresh;
    subscribers.set(signal, fresh);
    signal.addEventListener(
      'abort',
      () => {
        for (const subscriber of [...fresh]) subscriber();
        fresh.clear();
      },
      { once: true },
    );
  }
  const mine = set;
  mine.add(fn);
  return () => mine.delete(fn);
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const unsubscribe = onAbort(signal, () => {
      clearTimeout(timer);
      reject(signal?.reason);
    });
    const timer = setTimeout(() => {
      unsubscribe();
      resolve();
    }, ms);
  });
