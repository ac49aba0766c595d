// A real HTTP server on a free loopback port that answers from a script, one handler per request,
// and records what it received. For the client's fault tests: no mocked fetch.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { plaidError as buildPlaidError } from '../../packages/toolkit/lib/plaid-facts.mjs';
import { createPlaidClient, type PlaidClientOptions, type RetryEvent } from '../../src/index.js';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Handler = (res: http.ServerResponse, req: ReceivedRequest, socket: import('node:net').Socket) => void;

export interface ScriptedServer {
  url: string;
  received: ReceivedRequest[];
  /** Handlers for the next requests, in order; the last one repeats. */
  script(...handlers: Handler[]): void;
  close(): Promise<void>;
}

export async function startScriptedServer(): Promise<ScriptedServer> {
  let handlers: Handler[] = [];
  const received: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      received.push(request);
      const handler = handlers.length > 1 ? handlers.shift()! : handlers[0];
      if (!handler) throw new Error('scripted server: no handler for this request');
      handler(res, request, req.socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script: (...next) => {
      handlers = next;
      received.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (res) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

export const text =
  (status: number, body: string, contentType = 'text/html'): Handler =>
  (res) => {
    res.writeHead(status, { 'Content-Type': contentType });
    res.end(body);
  };

/** Never answers: for timeouts. The socket is freed when the server closes. */
export const hang: Handler = () => {};

/** Drops the connection without a response. */
export const reset: Handler = (_res, _req, socket) => socket.destroy();

/** A PlaidError body as the toolkit builds one (plaid-facts), with a fixed request_id for assertions. */
export const plaidError = (status: number, errorType: string, errorCode: string, extra: Record<string, unknown> = {}) =>
  buildPlaidError(errorType, errorCode, `${errorCode.toLowerCase()} happened`, status, { request_id: 'req_test', ...extra });

/**
 * A client of the scripted server that retries at once (3 attempts, no jitter) and records each
 * retry in `events`.
 */
export function scriptedClient(server: ScriptedServer, secret: string, extra: Partial<PlaidClientOptions> = {}, events: RetryEvent[] = []) {
  return createPlaidClient({
    baseUrl: server.url,
    clientId: 'client_1',
    secret,
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, jitter: 'none' },
    onRetry: (event) => events.push(event),
    ...extra,
  });
}
