// What reproduces a failure: the request as a curl a user can run, with the credentials replaced
// by $PLAID_CLIENT_ID and $PLAID_SECRET, and what came back. Every failure of the contract suite
// and the fuzzer carries it, and no output holds a credential.
import { credentials } from './plaid-facts.mjs';

// Private-use characters: JSON.stringify keeps them as they are, and no request carries them.
const placeholder = (variable) => `\uE000${variable}\uE001`;
/** Inside double quotes a shell expands only $, `, \ and "; escape those, then open the placeholders. */
const shellQuote = (text) => `"${text.replace(/[\\"$`]/g, '\\$&').replace(/\uE000(\w+)\uE001/g, (_, variable) => `$${variable}`)}"`;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** Bytes as a printf format: printable ASCII as it is, every other byte as an octal escape. */
const printfFormat = (bytes) =>
  `'${Array.from(bytes, (b) => (b >= 0x20 && b < 0x7f && b !== 0x27 && b !== 0x25 && b !== 0x5c ? String.fromCharCode(b) : `\\${b.toString(8).padStart(3, '0')}`)).join('')}'`;

/**
 * A curl that sends the same request to `url` (the server, not the proxy). A body that is not
 * UTF-8 text is piped in from printf, byte for byte.
 * @param {{ method: string, path: string, sent?: { headers: Record<string, string>, body: string, bytes?: Uint8Array } }} exchange
 * @param {string} url
 */
export function curlFor({ method, path, sent }, url) {
  const parts = [`curl -sS -i -X ${method.toUpperCase()} ${shellQuote(`${url.replace(/\/$/, '')}${path}`)}`];
  for (const [name, value] of Object.entries(sent?.headers ?? {})) {
    if (/^(content-length|host|connection|accept-encoding|user-agent|accept|accept-language|sec-fetch-mode)$/i.test(name)) continue;
    const credential = credentials.find((c) => c.header.toLowerCase() === name.toLowerCase());
    parts.push(`-H ${shellQuote(`${name}: ${credential ? placeholder(credential.variable) : value}`)}`);
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
        for (const c of credentials) if (typeof parsed[c.field] === 'string') parsed[c.field] = placeholder(c.variable);
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
 * The response, as a user reads it: status, content type, and the body cut to `max` characters.
 * @param {{ status: number, contentType: string | null, body: string }} exchange
 */
export const responseSummary = ({ status, contentType, body }, max = 300) =>
  `HTTP ${status} ${contentType ?? '(no Content-Type)'}: ${body.length > max ? `${body.slice(0, max)}…` : body || '(empty body)'}`;

/**
 * The request and its answer, to paste into a terminal and into a bug report.
 * @param {Parameters<typeof curlFor>[0] & Parameters<typeof responseSummary>[0]} exchange
 * @param {string} url
 */
export const reproduction = (exchange, url) =>
  `reproduce with (set PLAID_CLIENT_ID and PLAID_SECRET):\n${curlFor(exchange, url)}\ngot: ${responseSummary(exchange)}`;
