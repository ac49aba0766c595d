// Starts Prism in this process through its Node API: a mock of the bundled spec, or a validating
// proxy to a real server. In-process, it is ready as soon as the CLI is (`npm run bench` compares
// them), it cannot outlive the process that started it, and its log can be redacted.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createLogger } from '@stoplight/prism-core';
import { getHttpOperationsFromSpec } from '@stoplight/prism-http';
import { createServer } from '@stoplight/prism-http-server';
import { mockAnswers } from './mock-answers.mjs';
import { loadOperations } from './operations.mjs';
import { startPrismGuard } from './prism-guard.mjs';
import { fromPackage } from './step.mjs';
import { startUpstreamRelay } from './upstream-relay.mjs';
import { waitForUrl } from './wait.mjs';

export const bundledSpec = fromPackage('generated', 'openapi.yaml');

/** The port asked for is taken. */
export class PortBusy extends Error {
  /** @param {string} host @param {number} port */
  constructor(host, port) {
    super(`port ${port} on ${host} is in use: pass another with --port N, or --port 0 for any free port`);
    this.name = 'PortBusy';
  }
}

/**
 * @param {object} options
 * @param {string} [options.document] the spec to serve (default: generated/openapi.yaml)
 * @param {string} [options.upstream] proxy to this server instead of mocking
 * @param {number} [options.port] 0 picks a free port
 * @param {string} [options.host]
 * @param {string} [options.logFile] Prism's log, as JSON lines; silent when absent
 */
export async function startPrism({ document = bundledSpec, upstream, port = 0, host = '127.0.0.1', logFile } = {}) {
  const started = performance.now();
  const operations = await getHttpOperationsFromSpec(document);
  const logStream = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
  // Prism logs every request's headers and body; credentials must not reach the log file.
  const redact = {
    paths: ['input.headers["plaid-secret"]', 'input.headers["plaid-client-id"]', 'input.body.secret', 'input.body.client_id'],
    censor: '[REDACTED]',
  };
  const logger = createLogger('PRISM', { level: logStream ? 'info' : 'silent', redact }, logStream);
  const shared = {
    // Example and response violations become errors, not warning headers: a broken example or
    // a broken server fails loudly.
    errors: true,
    validateResponse: true,
    checkSecurity: true,
    upstreamProxy: undefined,
    mock: { dynamic: false },
  };
  // Prism reaches the server through a relay that hands it every answer whole (upstream-relay.mjs).
  const relay = upstream ? await startUpstreamRelay(upstream) : undefined;
  /** @type {import('@stoplight/prism-http').IHttpConfig} */
  const config = relay
    ? // A provider must answer bad requests itself, so the proxy forwards them unchecked.
      { ...shared, validateRequest: false, isProxy: true, upstream: new URL(relay.url) }
    : { ...shared, validateRequest: true, isProxy: false };
  const server = createServer(operations, { cors: false, config, components: { logger } });
  const prismUrl = await server.listen(0, host);
  let guard;
  try {
    guard = await startPrismGuard(prismUrl, { port, host, ...(upstream ? {} : { mock: mockAnswers(await loadOperations()) }) });
  } catch (error) {
    await server.close();
    await relay?.close();
    logStream?.end();
    if (error.code === 'EADDRINUSE') throw new PortBusy(host, port);
    throw error;
  }
  await waitForUrl(guard.url);
  return {
    url: guard.url,
    // The server, reached through the relay: for requests whose bytes are the point, which Prism
    // would parse and re-encode; the relay passes them as sent and reads any framing of the answer.
    directUrl: relay?.url,
    startupMs: Math.round(performance.now() - started),
    async close() {
      await guard.close();
      await server.close();
      await relay?.close();
      if (logStream) {
        logStream.end();
        await once(logStream, 'close');
      }
    },
  };
}
