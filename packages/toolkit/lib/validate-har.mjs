// `plaid-refresh validate --har FILE`: judges recorded traffic (a browser's or Playwright's HAR
// export, a proxy's capture) with the contract checks, without sending anything. Every exchange
// whose method and path are an operation of the spec is judged, by its index in the file. A HAR
// holds real credentials: each one found in the file is redacted from everything printed.
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { secretRedactor } from 'plaid-user-financial-data-refresh';
import { conforms, REPORTERS, writeReport } from './check-reports.mjs';
import { createChecker } from './checks.mjs';
import { credentials } from './plaid-facts.mjs';
import { UsageError } from './step.mjs';

/** Header names in lower case; a name sent twice keeps both values, joined as HTTP joins them (RFC 9110 §5.3). */
function headerMap(list) {
  /** @type {Record<string, string>} */
  const headers = {};
  for (const h of Array.isArray(list) ? list : []) {
    const name = String(h?.name ?? '').toLowerCase();
    const value = String(h?.value ?? '');
    headers[name] = Object.hasOwn(headers, name) ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}

/**
 * The exchanges of a HAR 1.2 log, as the checker reads them. A body the exporter left out (no
 * `content.text`; a non-empty request without `postData`) is not recorded: the checks that need it
 * say so instead of judging an empty one.
 * @param {unknown} har
 * @returns {import('./checks.mjs').Exchange[]}
 */
export function harExchanges(har) {
  const entries = /** @type {{ log?: { entries?: unknown } }} */ (har)?.log?.entries;
  if (!Array.isArray(entries)) throw new UsageError('not a HAR file: it has no log.entries');
  return entries.map((entry, index) => {
    let url;
    try {
      url = new URL(String(entry?.request?.url));
    } catch {
      throw new UsageError(`not a HAR file: entry ${index} has no absolute request.url`);
    }
    const content = entry?.response?.content ?? {};
    const recorded = typeof content.text === 'string';
    const bytes = recorded ? Buffer.from(content.text, content.encoding === 'base64' ? 'base64' : 'utf8') : undefined;
    const postData = entry?.request?.postData;
    const requestBody = typeof postData?.text === 'string' ? postData.text : Number(entry?.request?.bodySize) === 0 ? '' : undefined;
    return {
      index,
      method: String(entry?.request?.method ?? 'GET'),
      path: url.pathname,
      url: url.href,
      request: { headers: headerMap(entry?.request?.headers), ...(requestBody === undefined ? {} : { body: requestBody }) },
      response: {
        status: Number(entry?.response?.status ?? 0),
        headers: headerMap(entry?.response?.headers),
        ...(bytes ? { body: bytes.toString('utf8') } : {}),
        ...(bytes && content.encoding === 'base64' ? { bytes } : {}),
      },
    };
  });
}

/**
 * Every credential the traffic carries, wherever a client may put it: the PLAID-* headers, a
 * Basic Authorization, the query string, a JSON or form body. Redacted in every spelling the
 * client's own redactor knows (percent-encoded, JSON-escaped, base64 at any offset).
 * @param {(import('./checks.mjs').Exchange & { url?: string })[]} exchanges
 */
function credentialRedactor(exchanges) {
  const values = new Set();
  // A real credential is short; a kilobytes-long field is not one, and would make the pattern too large.
  const add = (value) => typeof value === 'string' && value !== '' && value.length <= 512 && values.add(value);
  for (const x of exchanges) {
    // A header sent twice arrives joined: each of its values may be a credential.
    for (const c of credentials) {
      const sent = x.request.headers[c.header.toLowerCase()] ?? '';
      for (const value of [sent, ...sent.split(/,\s*/)]) add(value);
    }
    const basic = /^Basic\s+(\S+)/i.exec(x.request.headers.authorization ?? '');
    if (basic)
      for (const part of Buffer.from(basic[1] ?? '', 'base64')
        .toString('utf8')
        .split(':'))
        add(part);
    const query = x.url ? new URL(x.url).searchParams : new URLSearchParams();
    const body = String(x.request.body ?? '').replace(/^\uFEFF/, '');
    let json;
    try {
      json = JSON.parse(body);
    } catch {}
    const form = new URLSearchParams(body);
    for (const c of credentials) for (const value of [query.get(c.field), json?.[c.field], form.get(c.field)]) add(value);
  }
  const found = [...values];
  return secretRedactor([...found.flatMap((a) => found.map((b) => `${a}:${b}`)), ...found]);
}

/**
 * Judges a HAR file. Resolves with the exit code: 0 every judged exchange conforms, 1 one does not.
 * @param {{ har: string, reporter?: string, output?: string, document: object, table: Record<string, any> }} options
 */
export async function validateHar({ har, reporter = 'text', output, document, table }) {
  if (!REPORTERS.includes(reporter)) throw new UsageError(`--reporter must be one of ${REPORTERS.join(', ')}, got ${reporter}`);
  let parsed;
  try {
    parsed = JSON.parse((await readFile(har, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (error) {
    // JSON.parse quotes the text around a syntax error, and a HAR's text holds credentials: say where, not what.
    const at = /position (\d+)/.exec(String(error.message))?.[1];
    const why = error instanceof SyntaxError ? `it is not JSON${at ? ` (at character ${at})` : ''}` : String(error.message).split('\n')[0];
    throw new UsageError(error.code === 'ENOENT' ? `no such file: ${har}` : `cannot read ${har} as a HAR file: ${why}`);
  }
  const exchanges = harExchanges(parsed);
  const checker = createChecker(document, table);
  // Another API's traffic, and a request that got no response (status 0: blocked, aborted), are counted, not judged.
  const judged = exchanges.filter((x) => checker.operationOf(x.method, x.path) && x.response.status > 0);
  const run = {
    source: har,
    ignored: exchanges.length - judged.length,
    exchanges: judged.map((x) => ({
      index: /** @type {number} */ (x.index),
      operationId: checker.operationOf(x.method, x.path)?.[0],
      method: x.method,
      path: x.path,
      status: x.response.status,
      results: checker.judge(x),
    })),
  };
  const redact = credentialRedactor(exchanges);
  const report = writeReport(run, reporter, redact);
  if (output) await writeFile(output, `${report}\n`);
  else console.log(report);
  if (reporter !== 'text' && output) console.log(writeReport(run, 'text', redact).split('\n').at(-1));
  if (process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, `${writeReport(run, 'markdown', redact)}\n`);
  return conforms(run) ? 0 : 1;
}
