// A call through openapi-fetch builds a WHATWG Request, and fetch() then builds a second one
// from it: on loopback that is a tenth of a call's time (`npm run bench`). openapi-fetch lets a
// client choose its Request class, so the client behind refreshUserFinancialData uses this
// carrier, which only holds what fetch() needs, and hands it to fetch() as a URL and an init.
// Middleware still gets `url`, `method`, mutable `headers` and `signal`. The public `raw` client
// keeps real Requests, for middleware that clones or reads them.

export class RequestCarrier {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null | undefined;
  readonly signal: AbortSignal | null | undefined;
  readonly redirect: RequestRedirect | undefined;

  constructor(url: string, init: RequestInit = {}) {
    this.url = url;
    this.method = init.method ?? 'GET';
    // openapi-fetch passes the merged headers as a Headers object already; copy anything else.
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body;
    this.signal = init.signal;
    this.redirect = init.redirect;
  }
}

/** A fetch for openapi-fetch's `fetch` option that unpacks a RequestCarrier. */
export const carrierFetch =
  (fetchImpl: typeof fetch) =>
  (input: Request): Promise<Response> => {
    const { url, method, headers, body, signal, redirect } = input as unknown as RequestCarrier;
    return fetchImpl(url, { method, headers, body: body ?? null, signal: signal ?? null, ...(redirect ? { redirect } : {}) });
  };
