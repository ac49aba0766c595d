// When and how long to wait before another attempt: exponential backoff with full jitter,
// and the server's Retry-After when it gives one.

export interface RetryPolicy {
  /** Attempts in all, the first included. 1 turns retries off. */
  readonly attempts: number;
  /** The backoff before the first retry, before jitter. */
  readonly baseDelayMs: number;
  /** No computed backoff is longer than this. */
  readonly maxDelayMs: number;
  /** 'full' waits a random time in [0, backoff]; 'none' waits the whole backoff. */
  readonly jitter: 'full' | 'none';
  /** A Retry-After longer than this is not waited for: the call ends with the error instead. */
  readonly maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  jitter: 'full',
  maxRetryAfterMs: 60_000,
};

export interface RetryEvent {
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  /** How long the client waits before the next attempt. */
  readonly delayMs: number;
  /** Why: the HTTP status, or the transport error kind. */
  readonly reason: string;
}

/** The wait before retry number `attempt` (1 = first retry), or undefined when it should not retry. */
export function retryDelay(policy: RetryPolicy, attempt: number, retryAfterMs?: number, random = Math.random) {
  if (attempt >= policy.attempts) return undefined;
  if (retryAfterMs !== undefined) return retryAfterMs <= policy.maxRetryAfterMs ? retryAfterMs : undefined;
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return policy.jitter === 'full' ? Math.round(random() * backoff) : backoff;
}

/** Retry-After is either delay-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
