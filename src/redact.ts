// Keeps the secret out of everything a caller can see. Every walk is bounded in depth, so a
// hostile body nested without end cannot overflow the stack or make a call reject.

export const REDACTED = '[REDACTED]';
const TRUNCATED = '[TRUNCATED]';
/** Deeper than any Plaid error: what lies below is replaced, not walked. */
const MAX_DEPTH = 32;
const MAX_CAUSES = 8;

export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** Redacts first, then cuts, so a cut can never leave half a secret behind. */
export const preview = (text: string, secrets: readonly string[], max = 120) => {
  const clean = redactText(text, secrets);
  return JSON.stringify(clean.length > max ? `${clean.slice(0, max)}…` : clean);
};

/** A copy of a parsed JSON value with the secrets removed from keys and strings. */
export function redactValue<T>(value: T, secrets: readonly string[], depth = 0): T {
  if (typeof value === 'string') return redactText(value, secrets) as T;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return TRUNCATED as T;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, depth + 1)) as T;
  // Defined, not assigned: an own "__proto__" key in a body must stay a key, not become the copy's
  // prototype (which would hand the caller fields the validator never saw).
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(out, redactText(key, secrets), {
      value: redactValue(item, secrets, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out as T;
}

/**
 * A stand-in for a thrown value and its `cause` chain: the name, `code` and redacted message of
 * each link, and nothing else. undici's errors carry raw bytes (`HTTPParserError.data`) and
 * inputs (`ERR_INVALID_URL.input`) that a hostile server can fill with an echoed secret.
 */
export function sanitizeCause(thrown: unknown, secrets: readonly string[]): Error | undefined {
  const links: { name: string; code?: string; message: string }[] = [];
  const seen = new Set<unknown>();
  let current = thrown;
  while (current !== undefined && current !== null && !seen.has(current) && links.length < MAX_CAUSES) {
    seen.add(current);
    const error = current as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown };
    links.push({
      name: typeof error.name === 'string' ? redactText(error.name, secrets) : 'Error',
      ...(typeof error.code === 'string' ? { code: redactText(error.code, secrets) } : {}),
      message: redactText(typeof error.message === 'string' ? error.message : safeString(current), secrets),
    });
    current = typeof current === 'object' ? error.cause : undefined;
  }
  let cause: Error | undefined;
  for (const link of links.reverse()) {
    const copy = new Error(link.message, cause ? { cause } : undefined);
    copy.name = link.name;
    if (link.code) Object.assign(copy, { code: link.code });
    copy.stack = `${link.name}: ${link.message}`;
    cause = copy;
  }
  return cause;
}

function safeString(value: unknown) {
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}
