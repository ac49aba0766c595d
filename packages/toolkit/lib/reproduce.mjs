// What reproduces a failure: the request as a curl a user can run, with the credentials replaced
// by $PLAID_CLIENT_ID and $PLAID_SECRET, and what came back. Every failure of the contract suite
// and the fuzzer carries it, and no output holds a credential.
import { credentials } from './plaid-facts.mjs';

// Private-use characters: JSON.stringify keeps them as they are, and no request carries them.
// Between them, a shell expression that stands for the credential (or a value made from it).
const placeholder = (expression) => `\uE000${expression}\uE001`;
/** Inside double quotes a shell expands only $, `, \\ and "; escape those, then open the placeholders as written. */
const shellQuote = (text) =>
  `"${text
    .split(/\uE000([^\uE001]+)\uE001/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[\\"$`]/g, '\\$&')))
    .join('')}"`;

const swapCase = (value) => [...value].map((ch) => (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase())).join('');

/**
 * A credential's value as the curl sends it: the variable when it is the identity's, an expression
 * of the variable when it is one step from it (the checker's near misses), as it is otherwise.
 * Without `known`, every non-empty value is taken to be the identity's.
 * @param {{ variable: string }} credential
 * @param {string} value
 * @param {string} [known] the identity's value of this credential
 */
function credentialValue(credential, value, known) {
  const v = credential.variable;
  if (value === '') return value;
  if (known === undefined || value === known) return placeholder(`$${v}`);
  if (value === known.slice(0, -1)) return placeholder(`\${${v}%?}`);
  if (value === `${known}x`) return placeholder(`\${${v}}x`);
  // No quotes inside: the expression may sit in a JSON body, whose quotes are escaped.
  if (value === swapCase(known)) return placeholder(`$(printf %s $${v} | tr a-zA-Z A-Za-z)`);
  return value;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** Bytes as a printf format: printable ASCII as it is, every other byte as an octal escape. */
const printfFormat = (bytes) =>
  `'${Array.from(bytes, (b) => (b >= 0x20 && b < 0x7f && b !== 0x27 && b !== 0x25 && b !== 0x5c ? String.fromCharCode(b) : `\\${b.toString(8).padStart(3, '0')}`)).join('')}'`;

/**
 * A curl that sends the same request to `url` (the server, not the proxy). A body that is not
 * UTF-8 text is piped in from printf, byte for byte.
 * @param {{ method: string, path: string, sent?: { headers: Record<string, string>, body: string, bytes?: Uint8Array } }} exchange
 * @param {string} url
 * @param {{ clientId?: string, secret?: string }} [identity] the credentials of the run, to tell them from probes' values
 */
export function curlFor({ method, path, sent }, url, identity) {
  const knownOf = (c) => (identity ? ((c.scheme === 'secret' ? identity.secret : identity.clientId) ?? '') : undefined);
  const parts = [`curl -sS -i -X ${method.toUpperCase()} ${shellQuote(`${url.replace(/\/$/, '')}${path}`)}`];
  for (const [name, value] of Object.entries(sent?.headers ?? {})) {
    if (/^(content-length|host|connection|accept-encoding|user-agent|accept|accept-language|sec-fetch-mode)$/i.test(name)) continue;
    const credential = credentials.find((c) => c.header.toLowerCase() === name.toLowerCase());
    // curl sends a header with an empty value only when it is written `Name;`.
    if (value === '') parts.push(`-H ${shellQuote(`${name};`)}`);
    else parts.push(`-H ${shellQuote(`${name}: ${credential ? credentialValue(credential, value, knownOf(credential)) : value}`)}`);
  }
  // Without this, curl would add a form Content-Type of its own to a body sent without one.
  const hasType = Object.keys(sent?.headers ?? {}).some((name) => name.toLowerCase() === 'content-type');
  if (sent && (sent.body !== '' || sent.bytes?.length) && !hasType) parts.push('-H "Content-Type:"');
  if (sent?.bytes && !isText(sent.bytes)) {
    parts.push('--data-binary @-');
    return `printf ${printfFormat(sent.bytes)} | ${parts.join(' \\\n  ')}`;
  }
  if (sent && sent.body !== '') {
    let body = sent.body;
    try {
      const parsed = JSON.parse(body);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        for (const c of credentials)
          if (typeof parsed[c.field] === 'string') parsed[c.field] = credentialValue(c, parsed[c.field], knownOf(c));
        body = JSON.stringify(parsed);
      }
    } catch {
      // not JSON: sent as it was
    }
    parts.push(`--data-raw ${shellQuote(body)}`);
  }
  return parts.join(' \\\n  ');
}

const isText = (bytes) => {
  try {
    return !/[\u0000\uFEFF]/.test(strictUtf8.decode(bytes));
  } catch {
    return false;
  }
};

/**
 * Text cut to `max` characters after `redact` has run on all of it: cut first, a credential could
 * lose the end a redactor recognises it by.
 * @param {string} text
 * @param {(text: string) => string} [redact]
 */
export const clipped = (text, max, redact = (t) => t) => {
  const clean = redact(text);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
};

/**
 * The response, as a user reads it: status, content type, and the body, redacted, then cut to `max` characters.
 * @param {{ status: number, contentType: string | null, body: string }} exchange
 * @param {(text: string) => string} [redact]
 */
export const responseSummary = ({ status, contentType, body }, max = 300, redact = undefined) =>
  `HTTP ${status} ${contentType ?? '(no Content-Type)'}: ${clipped(body, max, redact) || '(empty body)'}`;

/**
 * The request and its answer, to paste into a terminal and into a bug report.
 * @param {Parameters<typeof curlFor>[0] & Parameters<typeof responseSummary>[0]} exchange
 * @param {string} url
 * @param {Parameters<typeof curlFor>[2]} [identity]
 * @param {(text: string) => string} [redact] run on the answer before it is cut
 */
export const reproduction = (exchange, url, identity, redact = undefined) =>
  `reproduce with (set PLAID_CLIENT_ID and PLAID_SECRET):\n${curlFor(exchange, url, identity)}\ngot: ${responseSummary(exchange, 300, redact)}`;
