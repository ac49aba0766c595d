// `plaid-refresh validate --har FILE`: judges recorded traffic (a browser's or Playwright's HAR
// export, a proxy's capture) with the contract checks, without sending anything. Every exchange
// whose method and path are an operation of the spec is judged, by its index in the file. A HAR
// holds real credentials: each one found in the file is redacted from everything printed.
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { conforms, REPORTERS, writeReport } from './check-reports.mjs';
import { createChecker } from './checks.mjs';
import { credentials } from './plaid-facts.mjs';
import { UsageError } from './step.mjs';

const headerMap = (list) =>
  Object.fromEntries((Array.isArray(list) ? list : []).map((h) => [String(h?.name ?? '').toLowerCase(), String(h?.value ?? '')]));

/**
 * The exchanges of a HAR 1.2 log, as the checker reads them.
 * @param {unknown} har
 * @returns {import('./checks.mjs').Exchange[]}
 */
export function harExchanges(har) {
  const entries = /** @type {{ log?: { entries?: unknown } }} */ (har)?.log?.entries;
  if (!Array.isArray(entries)) throw new UsageError('not a HAR file: it has no log.entries');
  return entries.map((entry, index) => {
    const url = new URL(entry?.request?.url ?? 'http://invalid/');
    const content = entry?.response?.content ?? {};
    const bytes =
      content.encoding === 'base64' ? Buffer.from(String(content.text ?? ''), 'base64') : Buffer.from(String(content.text ?? ''), 'utf8');
    return {
      index,
      method: String(entry?.request?.method ?? 'GET'),
      path: url.pathname,
      request: { headers: headerMap(entry?.request?.headers), body: String(entry?.request?.postData?.text ?? '') },
      response: {
        status: Number(entry?.response?.status ?? 0),
        headers: headerMap(entry?.response?.headers),
        body: bytes.toString('utf8'),
        ...(content.encoding === 'base64' ? { bytes } : {}),
      },
    };
  });
}

/** Every credential in the traffic, in its headers or bodies, with its common encodings. */
function credentialRedactor(exchanges) {
  const values = new Set();
  for (const x of exchanges) {
    for (const c of credentials) {
      const inHeader = x.request.headers[c.header.toLowerCase()];
      if (inHeader) values.add(inHeader);
      try {
        const value = JSON.parse(x.request.body)?.[c.field];
        if (typeof value === 'string' && value) values.add(value);
      } catch {}
    }
  }
  const spellings = [...values].flatMap((v) => [
    v,
    encodeURIComponent(v),
    JSON.stringify(v).slice(1, -1),
    Buffer.from(v).toString('base64'),
  ]);
  const sorted = [...new Set(spellings)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  return (text) => sorted.reduce((out, secret) => out.split(secret).join('[REDACTED]'), text);
}

/**
 * Judges a HAR file. Resolves with the exit code: 0 every judged exchange conforms, 1 one does not.
 * @param {{ har: string, reporter?: string, output?: string, document: object, table: Record<string, any> }} options
 */
export async function validateHar({ har, reporter = 'text', output, document, table }) {
  if (!REPORTERS.includes(reporter)) throw new UsageError(`--reporter must be one of ${REPORTERS.join(', ')}, got ${reporter}`);
  let parsed;
  try {
    parsed = JSON.parse(await readFile(har, 'utf8'));
  } catch (error) {
    throw new UsageError(
      error.code === 'ENOENT' ? `no such file: ${har}` : `cannot read ${har} as a HAR file: ${String(error.message).split('\n')[0]}`,
    );
  }
  const exchanges = harExchanges(parsed);
  const checker = createChecker(document, table);
  const judged = exchanges.filter((x) => checker.operationOf(x.method, x.path));
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
