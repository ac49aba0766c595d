// Keeps the secret out of everything a caller can see. Every walk is bounded in depth, so a
// hostile body nested without end cannot overflow the stack or make a call reject.
//
// A server, proxy or logger in between may echo the secret in another spelling: percent-encoded
// (in either hex case, `+` for a space), JSON-escaped, or base64/base64url (a Basic credential is
// base64 of `client_id:secret`). One pattern per client matches all of them, so a message is
// scanned once whatever the number of spellings.

export const REDACTED = '[REDACTED]';
const TRUNCATED = '[TRUNCATED]';
/** Deeper than any Plaid error: what lies below is replaced, not walked. */
const MAX_DEPTH = 32;
const MAX_CAUSES = 8;
/**
 * A secret shorter than this is not redacted: it cannot be told from ordinary text, and replacing
 * every `ab` would mangle messages. Plaid's secrets are far longer.
 */
export const MIN_REDACTED_LENGTH = 4;

/** Replaces every spelling of the client's secrets in a text. */
export type Redactor = (text: string) => string;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
const anyCaseHex = (value: number, width: number) =>
  value
    .toString(16)
    .padStart(width, '0')
    .replace(/[a-f]/g, (digit) => `[${digit}${digit.toUpperCase()}]`);
// The escapes JSON writers use besides \uXXXX (a secret is a header value: no control characters).
const jsonShort: Record<string, string> = { '"': '\\"', '\\': '\\\\', '/': '\\/' };
const utf8 = new TextEncoder();

/** One character as itself, percent-encoded, or JSON-escaped. */
function characterPattern(char: string): string {
  const forms = [escapeRegExp(char), [...utf8.encode(char)].map((byte) => `%${anyCaseHex(byte, 2)}`).join('')];
  const units = Array.from({ length: char.length }, (_, i) => char.charCodeAt(i));
  forms.push(units.map((unit) => `\\\\u${anyCaseHex(unit, 4)}`).join(''));
  const short = jsonShort[char];
  if (short) forms.push(escapeRegExp(short));
  if (char === ' ') forms.push('\\+');
  return `(?:${forms.join('|')})`;
}

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/**
 * The base64 and base64url characters that encode `text` wherever it sits in a longer encoded
 * string: for each of the three byte alignments, only the characters whose six bits all come
 * from `text`, so the surrounding bytes cannot change them.
 */
function base64Cores(text: string): string[] {
  const bytes = utf8.encode(text);
  const cores: string[] = [];
  for (const offset of [0, 1, 2]) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    const encoded = base64(padded);
    const core = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
    cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores;
}

/** A redactor for these secrets (and, e.g., `client_id:secret`), in every spelling above. */
export function secretRedactor(secrets: readonly string[]): Redactor {
  const spellings = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_REDACTED_LENGTH) continue;
    spellings.add(secret);
    for (const core of base64Cores(secret)) if (core.length >= MIN_REDACTED_LENGTH) spellings.add(core);
  }
  if (spellings.size === 0) return (text) => text;
  // Longest first, so `client_id:secret` is replaced whole rather than around its secret.
  const alternatives = [...spellings].sort((a, b) => b.length - a.length).map((s) => [...s].map(characterPattern).join(''));
  const pattern = new RegExp(alternatives.join('|'), 'g');
  return (text) => text.replace(pattern, REDACTED);
}

/** Redacts first, then cuts, so a cut can never leave half a secret behind. */
export const preview = (text: string, redact: Redactor, max = 120) => {
  const clean = redact(text);
  return JSON.stringify(clean.length > max ? `${clean.slice(0, max)}…` : clean);
};

/** A copy of a parsed JSON value with the secrets removed from keys and strings. */
export function redactValue<T>(value: T, redact: Redactor, depth = 0): T {
  if (typeof value === 'string') return redact(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return TRUNCATED as T;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redact, depth + 1)) as T;
  // Defined, not assigned: an own "__proto__" key in a body must stay a key, not become the copy's
  // prototype (which would hand the caller fields the validator never saw).
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(out, redact(key), {
      value: redactValue(item, redact, depth + 1),
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
export function sanitizeCause(thrown: unknown, redact: Redactor): Error | undefined {
  const links: { name: string; code?: string; message: string }[] = [];
  const seen = new Set<unknown>();
  let current = thrown;
  while (current !== undefined && current !== null && !seen.has(current) && links.length < MAX_CAUSES) {
    seen.add(current);
    const error = current as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown };
    links.push({
      name: typeof error.name === 'string' ? redact(error.name) : 'Error',
      ...(typeof error.code === 'string' ? { code: redact(error.code) } : {}),
      message: redact(typeof error.message === 'string' ? error.message : safeString(current)),
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
