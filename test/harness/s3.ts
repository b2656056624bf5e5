import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { terminate } from './sshd';

const CHILD = fileURLToPath(new URL('./s3rver-child.mjs', import.meta.url));
const HOST = '127.0.0.1';

/** Serialisable facts about a running s3rver (what tests in worker processes receive). */
export interface S3Info {
  /** "http://127.0.0.1:PORT" — use path-style addressing. */
  endpoint: string;
  port: number;
  region: string;
  /** s3rver's built-in account: S3RVER / S3RVER. See README for what it checks. */
  accessKeyId: string;
  secretAccessKey: string;
  /** Buckets created before the server started listening. */
  buckets: string[];
  /** s3rver's storage folder (removed on stop). */
  dir: string;
}

export interface S3Service extends S3Info {
  /** A fresh S3Client configured for this server (see s3Client). */
  client(): S3Client;
  stop(): Promise<void>;
}

export interface StartS3Options {
  port?: number;
  buckets?: string[];
  readyTimeoutMs?: number;
}

type Connection = Pick<S3Info, 'endpoint' | 'region' | 'accessKeyId' | 'secretAccessKey'>;

/**
 * An S3Client for s3rver: path-style, and checksums only when required — otherwise the SDK
 * sends streamed bodies with aws-chunked framing, which s3rver stores verbatim (corrupt).
 */
export function s3Client(info: Connection, overrides: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    endpoint: info.endpoint,
    region: info.region,
    credentials: {
      accessKeyId: info.accessKeyId,
      secretAccessKey: info.secretAccessKey,
    },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...overrides,
  });
}

type ChildMessage = { type: 'ready'; port: number } | { type: 'error'; message: string };

/** Starts s3rver in its own Node child process on 127.0.0.1, with a temp storage folder. */
export async function startS3(opts: StartS3Options = {}): Promise<S3Service> {
  const buckets = opts.buckets ?? ['lifeboat-test'];
  const timeoutMs = opts.readyTimeoutMs ?? 10_000;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lifeboat-s3-'));
  const config = JSON.stringify({
    port: opts.port ?? 0,
    directory: dir,
    buckets,
  });
  const child = spawn(process.execPath, [CHILD, config], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // s3rver encrypts listing continuation tokens with DES, which OpenSSL 3 only has in its
    // legacy provider. Set exactly this (do not inherit the test runner's NODE_OPTIONS).
    env: { ...process.env, NODE_OPTIONS: '--openssl-legacy-provider' },
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const onExit = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready message within ${timeoutMs} ms`)), timeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        reject(err);
      };
      child.once('error', (err) => fail(new Error(`failed to spawn node: ${err.message}`)));
      child.once('exit', (code, signal) => fail(new Error(`child exited with ${signal ?? `code ${code}`}`)));
      child.on('message', (msg: ChildMessage) => {
        if (msg.type === 'ready') {
          clearTimeout(timer);
          resolve(msg.port);
        } else fail(new Error(msg.message));
      });
    });
  } catch (err) {
    process.off('exit', onExit);
    await terminate(child);
    await rm(dir, { recursive: true, force: true });
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`s3rver did not start: ${reason}\ns3rver output:\n${output || '(none)'}`);
  }

  let stopped = false;
  const info: S3Info = {
    endpoint: `http://${HOST}:${port}`,
    port,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    buckets: [...buckets],
    dir,
  };
  return {
    ...info,
    client: () => s3Client(info),
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', onExit);
      await terminate(child, 5_000); // the child closes s3rver on SIGTERM
      await rm(dir, { recursive: true, force: true });
    },
  };
}
