import net from 'node:net';

/**
 * Returns a TCP port that is free on `host` right now (listen on port 0, read it, close).
 * Another process could take it before the caller binds it; callers that start a server on
 * it should retry on EADDRINUSE (startSshd does).
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error(`free-port: unexpected server address ${String(address)}`));
        return;
      }
      const { port } = address;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}
