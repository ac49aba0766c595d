// Records real HTTP traffic as a HAR 1.2 log, as a browser's or Playwright's export would hold it:
// each request's headers and body, each response's status, headers and body bytes (base64).
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export async function recordHar(baseUrl: string, requests: RecordedRequest[]) {
  const entries = [];
  for (const request of requests) {
    const response = await fetch(`${baseUrl}${request.path}`, { method: request.method, headers: request.headers, body: request.body });
    const bytes = Buffer.from(await response.arrayBuffer());
    entries.push({
      startedDateTime: new Date().toISOString(),
      time: 1,
      request: {
        method: request.method,
        url: `${baseUrl}${request.path}`,
        httpVersion: 'HTTP/1.1',
        headers: Object.entries(request.headers).map(([name, value]) => ({ name, value })),
        queryString: [],
        cookies: [],
        headersSize: -1,
        bodySize: request.body?.length ?? 0,
        ...(request.body === undefined ? {} : { postData: { mimeType: request.headers['Content-Type'] ?? '', text: request.body } }),
      },
      response: {
        status: response.status,
        statusText: response.statusText,
        httpVersion: 'HTTP/1.1',
        headers: [...response.headers].map(([name, value]) => ({ name, value })),
        cookies: [],
        content: {
          size: bytes.length,
          mimeType: response.headers.get('content-type') ?? '',
          text: bytes.toString('base64'),
          encoding: 'base64',
        },
        redirectURL: '',
        headersSize: -1,
        bodySize: bytes.length,
      },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
    });
  }
  return { log: { version: '1.2', creator: { name: 'plaid-refresh tests', version: '1' }, entries } };
}
