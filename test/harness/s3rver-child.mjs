// Runs s3rver in its own Node process (started by test/harness/s3.ts) so its legacy-OpenSSL
// needs (NODE_OPTIONS=--openssl-legacy-provider, DES for listing continuation tokens) stay
// out of the test processes. Config arrives as JSON in argv[2]; the actual port goes back
// to the parent over IPC: { type: 'ready', port } or { type: 'error', message }.
import S3rver from 's3rver';

/** @type {{ port: number, directory: string, buckets: string[] }} */
const config = JSON.parse(process.argv[2] ?? '{}');

const server = new S3rver({
  address: '127.0.0.1',
  port: config.port,
  directory: config.directory,
  silent: true,
  configureBuckets: config.buckets.map((name) => ({ name })),
});

let closing = false;
async function shutdown(code) {
  if (closing) return;
  closing = true;
  try {
    await server.close();
  } finally {
    process.exit(code);
  }
}

process.on('message', (msg) => {
  if (msg && typeof msg === 'object' && msg.type === 'stop') void shutdown(0);
});
// The parent went away (crash, kill): do not outlive it.
process.on('disconnect', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  const address = await server.run();
  process.send?.({ type: 'ready', port: address.port });
} catch (err) {
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  if (process.send) process.send({ type: 'error', message }, () => process.exit(1));
  else process.exit(1);
}
