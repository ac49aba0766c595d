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
  /** The operation being retried. */
  readonly operationId: string;
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  /** How long the client waits before the next attempt. */
  readonly delayMs: number;
  /** Why: the HTTP status, or the transport error kind. */
  readonly reason: string;
}

/** Statuses worth retrying whatever the code: rate limits and server-side faults. */
export const retryableStatuses: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** The wait before retry number `attempt` (1 = first retry), or undefined when it should not retry. */
export function retryDelay(policy: RetryPolicy, attempt: number, retryAfterMs?: number, random = Math.random) {
  if (attempt >= policy.attempts) return undefined;
  if (retryAfterMs !== undefined) return retryAfterMs <= policy.maxRetryAfterMs ? retryAfterMs : undefined;
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return policy.jitter === 'full' ? Math.round(random() * backoff) : backoff;
}

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
// RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must accept.
const HTTP_DATE = new RegExp(
  `^(?:${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT|${LONG_DAY}, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT|${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4})$`,
);

/**
 * Retry-After (RFC 9110 §10.2.3) is a non-negative integer of seconds or an HTTP-date. Anything
 * else (`-1`, `1.5`, `soon 3`) is ignored, so the normal backoff applies.
 */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!HTTP_DATE.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
