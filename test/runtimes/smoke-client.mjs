// The client's smoke run, for any JavaScript runtime: import the bundled client (argv or the page's
// import map), call the mock and a server that never answers, and print one JSON line of results.
// Node, Bun and Deno run it as a file; the browser test evaluates `smoke` in a page.
export async function smoke(createPlaidClient, { mockUrl, hangUrl }) {
  const client = (baseUrl, extra = {}) =>
    createPlaidClient({ baseUrl, clientId: 'smoke_client', secret: 'smoke_secret_0123456789', retry: { attempts: 1 }, ...extra });
  const body = { user_id: 'usr_smoke' };
  const success = await client(mockUrl).refreshUserFinancialData(body, { headers: { Prefer: 'example=SomeItemsFailed' } });
  const plaidError = await client(mockUrl).refreshUserFinancialData(body, { headers: { Prefer: 'code=400, example=InvalidApiKeys' } });
  const timeout = await client(hangUrl, { timeoutMs: 300 }).refreshUserFinancialData(body);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const aborted = await client(hangUrl, { timeoutMs: 10_000 }).refreshUserFinancialData(body, { signal: controller.signal });
  return {
    success: success.error ? `error: ${success.error.kind}` : success.data.results.length,
    plaidError: plaidError.error ? `${plaidError.error.kind} ${plaidError.error.errorCode}` : 'no error',
    timeout: timeout.error?.kind ?? 'no error',
    aborted: aborted.error?.kind ?? 'no error',
  };
}

// As a file: `<runtime> smoke-client.mjs <bundle> <mockUrl> <hangUrl>`.
const args = globalThis.Deno?.args ?? globalThis.process?.argv.slice(2) ?? [];
if (args.length === 3) {
  const [bundle, mockUrl, hangUrl] = args;
  const { createPlaidClient } = await import(bundle.startsWith('/') ? `file://${bundle}` : bundle);
  const runtime = globalThis.Deno ? `deno ${Deno.version.deno}` : globalThis.Bun ? `bun ${Bun.version}` : `node ${process.version}`;
  console.log(JSON.stringify({ runtime, ...(await smoke(createPlaidClient, { mockUrl, hangUrl })) }));
}
