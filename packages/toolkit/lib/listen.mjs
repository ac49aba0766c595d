// A started HTTP server as the toolkit's servers hand it out: its URL, and a close that ends
// every open connection (keep-alive ones too) before it resolves.

/**
 * @param {import('node:http').Server} server
 * @param {{ port?: number, host?: string, path?: string, onClose?: () => void }} [where]
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export function listen(server, { port = 0, host = '127.0.0.1', path = '', onClose } = {}) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = /** @type {import('node:net').AddressInfo} */ (server.address());
      const close = () =>
        /** @type {Promise<void>} */ (
          new Promise((done) => {
            onClose?.();
            server.closeAllConnections();
            server.close(() => done());
          })
        );
      resolve({ url: `http://${host}:${actual}${path}`, close });
    });
  });
}
