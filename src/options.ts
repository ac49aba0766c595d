// createPlaidClient's options, checked once at construction so a mistake fails at start-up with
// the option's name, not on the first call in production.
import { type Environment, servers } from '../generated/client.js';
import { PlaidConfigError } from './errors.js';
import { defaultRetryPolicy, type RetryEvent, type RetryPolicy } from './retry.js';

// Every optional field also takes `undefined`, which means "not given", so the types agree with the
// code under `exactOptionalPropertyTypes`.
export interface PlaidClientOptions {
  /** One of the spec's servers. Give this or `baseUrl`. */
  environment?: Environment | undefined;
  /** Any other base URL: a mock, a proxy. Give this or `environment`. */
  baseUrl?: string | undefined;
  clientId: string;
  secret: string;
  /** Sent as the Plaid-Version header. */
  plaidVersion?: string | undefined;
  /** Where the credentials go: headers (as the official SDKs do) or the JSON body. */
  credentialsIn?: 'headers' | 'body' | undefined;
  /** Per attempt. */
  timeoutMs?: number | undefined;
  /** The most bytes of a response body (after decompression) the client reads; a larger one ends the call. */
  maxResponseBytes?: number | undefined;
  retry?: { readonly [K in keyof RetryPolicy]?: RetryPolicy[K] | undefined } | undefined;
  /** Called before each retry, for logging or metrics. Never given a credential; a throw in it is ignored. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  fetch?: typeof globalThis.fetch | undefined;
}

export interface ResolvedOptions {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly secret: string;
  readonly plaidVersion: string;
  readonly credentialsIn: 'headers' | 'body';
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly retry: RetryPolicy;
  readonly onRetry: ((event: RetryEvent) => void) | undefined;
  readonly fetch: typeof globalThis.fetch;
}

const optionNames = [
  'environment',
  'baseUrl',
  'clientId',
  'secret',
  'plaidVersion',
  'credentialsIn',
  'timeoutMs',
  'maxResponseBytes',
  'retry',
  'onRetry',
  'fetch',
] as const satisfies readonly (keyof PlaidClientOptions)[];
/** A name without case and its unit or plural ending: `timeoutMS`, `timeout` and `timeoutMs` meet. */
const stem = (name: string) => name.toLowerCase().replace(/(ms|s)$/, '');

/**
 * Throws a PlaidConfigError for the first key of `value` that is not in `known`, naming it and the
 * valid key it most likely meant (one stem starting the other). Plain JavaScript has no type
 * checker to catch `timeoutMS`; a silently ignored timeout is worse than a failed start.
 */
export function checkKeys(where: string, value: object, known: readonly string[]) {
  if (value === null || typeof value !== 'object') throw new PlaidConfigError(where.slice(0, -1) || 'options', 'must be an object');
  const key = Object.keys(value).find((name) => !known.includes(name));
  if (key === undefined) return;
  const closest = known.find((name) => stem(name).startsWith(stem(key)) || stem(key).startsWith(stem(name)));
  throw new PlaidConfigError(
    `${where}${key}`,
    `is unknown; ${closest === undefined ? `valid: ${known.join(', ')}` : `did you mean \`${where}${closest}\`?`}`,
  );
}

const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

function positiveNumber(option: string, value: unknown, fallback: number, { integer = false, min = 0 } = {}) {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new PlaidConfigError(option, `must be a${integer ? 'n integer' : ' number'} ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

function resolveBaseUrl(options: PlaidClientOptions) {
  if (options.environment !== undefined && options.baseUrl !== undefined) {
    throw new PlaidConfigError('environment', 'and `baseUrl` are both set; give one');
  }
  if (options.baseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new PlaidConfigError('baseUrl', `is not a valid URL: ${JSON.stringify(options.baseUrl)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new PlaidConfigError('baseUrl', `must be http(s), got ${url.protocol}`);
    }
    return options.baseUrl.replace(/\/+$/, '');
  }
  if (options.environment === undefined)
    throw new PlaidConfigError('environment', `is required (one of ${Object.keys(servers).join(', ')}), or give \`baseUrl\``);
  if (!Object.hasOwn(servers, options.environment)) {
    throw new PlaidConfigError(
      'environment',
      `must be one of ${Object.keys(servers).join(', ')}, got ${JSON.stringify(options.environment)}`,
    );
  }
  return servers[options.environment];
}

export function resolveOptions(options: PlaidClientOptions): ResolvedOptions {
  checkKeys('', options, optionNames);
  if (options.retry !== undefined) checkKeys('retry.', options.retry, Object.keys(defaultRetryPolicy));
  // The secret's value never goes into a message: only whether it is there.
  if (!nonEmptyString(options.clientId)) throw new PlaidConfigError('clientId', 'is required: a non-empty string');
  if (!nonEmptyString(options.secret)) throw new PlaidConfigError('secret', 'is required: a non-empty string');
  const credentialsIn = options.credentialsIn ?? 'headers';
  if (credentialsIn !== 'headers' && credentialsIn !== 'body') {
    throw new PlaidConfigError('credentialsIn', `must be 'headers' or 'body', got ${JSON.stringify(credentialsIn)}`);
  }
  if (options.plaidVersion !== undefined && !nonEmptyString(options.plaidVersion)) {
    throw new PlaidConfigError('plaidVersion', 'must be a non-empty string');
  }
  for (const hook of ['fetch', 'onRetry'] as const) {
    if (options[hook] !== undefined && typeof options[hook] !== 'function') throw new PlaidConfigError(hook, 'must be a function');
  }
  const retry = options.retry ?? {};
  const jitter = retry.jitter ?? defaultRetryPolicy.jitter;
  if (jitter !== 'full' && jitter !== 'none')
    throw new PlaidConfigError('retry.jitter', `must be 'full' or 'none', got ${JSON.stringify(jitter)}`);
  return {
    baseUrl: resolveBaseUrl(options),
    clientId: options.clientId,
    secret: options.secret,
    plaidVersion: options.plaidVersion ?? '2020-09-14',
    credentialsIn,
    timeoutMs: positiveNumber('timeoutMs', options.timeoutMs, 30_000, { min: 1 }),
    // Plaid's answers are kilobytes; a few MiB leaves room for any real one.
    maxResponseBytes: positiveNumber('maxResponseBytes', options.maxResponseBytes, 4 * 1024 * 1024, { integer: true, min: 1 }),
    retry: {
      attempts: positiveNumber('retry.attempts', retry.attempts, defaultRetryPolicy.attempts, { integer: true, min: 1 }),
      baseDelayMs: positiveNumber('retry.baseDelayMs', retry.baseDelayMs, defaultRetryPolicy.baseDelayMs),
      maxDelayMs: positiveNumber('retry.maxDelayMs', retry.maxDelayMs, defaultRetryPolicy.maxDelayMs),
      maxRetryAfterMs: positiveNumber('retry.maxRetryAfterMs', retry.maxRetryAfterMs, defaultRetryPolicy.maxRetryAfterMs),
      jitter,
    },
    onRetry: options.onRetry,
    // Looked up at each call, not at construction: a test's MSW (or a tracer) that patches the global
    // fetch after the client was created still sees every request.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
  };
}
