// Running commands on a connected client: collected (bounded output, timeout, stdin, cancel) or
// streamed (the channel itself, for tar streams and other big outputs).

import type { Client, ClientChannel } from 'ssh2';
import { LifeboatError } from '../../api/errors';
import { cancelledError, redact } from './errors';
import { describeTarget, type ExecOptions, type ExecResult, type SshTarget } from './target';

export const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

function openFailed(target: SshTarget, err: unknown): LifeboatError {
  const text = redact(err instanceof Error ? err.message : String(err), target);
  const lost = /not connected|no response from server/i.test(text);
  return new LifeboatError(
    lost ? 'ssh.connection_lost' : 'ssh.exec_failed',
    lost
      ? `The connection to server ${describeTarget(target)} is closed; connect again.`
      : `Server ${describeTarget(target)} refused to start the command: ${text}.`,
    { server: target.name },
  );
}

/** Opens an exec channel; rejects with `ssh.cancelled` (closing a late channel) if the signal fires. */
export function openExec(
  client: Client,
  target: SshTarget,
  command: string,
  signal?: AbortSignal,
): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError(target, 'A command on'));
    let done = false;
    const onAbort = () => {
      if (done) return;
      done = true;
      reject(cancelledError(target, 'A command on'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      client.exec(command, (err, channel) => {
        signal?.removeEventListener('abort', onAbort);
        if (done) {
          channel?.close();
          return;
        }
        done = true;
        if (err) reject(openFailed(target, err));
        else resolve(channel);
      });
    } catch (err) {
      signal?.removeEventListener('abort', onAbort);
      done = true;
      reject(openFailed(target, err));
    }
  });
}

/** Asks the server to kill the command (OpenSSH ≥ 7.9 honours it), then closes the channel. */
/**
 * How a command on a channel ended, once everything it printed on stderr has arrived: OpenSSH
 * sends the exit status as soon as the process is reaped, which can be before the last of its
 * stderr (a message read at 'exit' can miss "Permission denied"). So this waits for the status
 * and for stderr's end (the server's EOF); a channel that closes first (the connection went
 * away) ends it too, without a status.
 */
export function channelEnded(channel: ClientChannel): Promise<{ code: number | null; signal?: string }> {
  return new Promise((resolve) => {
    let exit: { code: number | null; signal?: string } | undefined;
    let stderrEnded = false;
    const settle = () => {
      if (exit && stderrEnded) resolve(exit);
    };
    channel.on('exit', (code: number | null, signal?: string) => {
      exit = { code: typeof code === 'number' ? code : null, ...(signal ? { signal } : {}) };
      settle();
    });
    const stderrDone = () => {
      stderrEnded = true;
      settle();
    };
    channel.stderr.once('end', stderrDone);
    channel.stderr.once('close', stderrDone);
    // Closed: whatever stderr still holds is delivered first, then it is over either way.
    channel.once('close', () =>
      setImmediate(() => resolve(exit ?? { code: null, signal: 'connection closed' })),
    );
  });
}

export function stopChannel(channel: ClientChannel): void {
  try {
    channel.signal('KILL');
  } catch {
    // channel already closing
  }
  channel.close();
}

export async function execCollect(
  client: Client,
  target: SshTarget,
  command: string,
  opts: ExecOptions = {},
): Promise<ExecResult> {
  const { signal } = opts;
  const max = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const channel = await openExec(client, target, command, signal);
  return new Promise<ExecResult>((resolve, reject) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let bytes = 0;
    let exit: { code: number | null; signal?: string } | undefined;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;

    const finish = (err?: LifeboatError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (err) {
        stopChannel(channel);
        return reject(err);
      }
      if (!exit) {
        return reject(
          new LifeboatError(
            'ssh.connection_lost',
            `The connection to server ${describeTarget(target)} closed before the command finished.`,
            { server: target.name },
          ),
        );
      }
      const result: ExecResult = {
        code: exit.code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      };
      if (exit.signal !== undefined) result.signal = exit.signal;
      resolve(result);
    };
    const onAbort = () => finish(cancelledError(target, 'A command on'));
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) return onAbort();
    if (opts.timeoutMs !== undefined) {
      const ms = opts.timeoutMs;
      timer = setTimeout(
        () =>
          finish(
            new LifeboatError(
              'ssh.command_timeout',
              `A command on server ${describeTarget(target)} did not finish within ` +
                `${Math.round(ms / 100) / 10} s and was stopped.`,
              { server: target.name, timeoutMs: ms },
            ),
          ),
        ms,
      );
    }
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      if (settled) return;
      bytes += chunk.length;
      if (bytes > max) {
        return finish(
          new LifeboatError(
            'ssh.output_too_large',
            `A command on server ${describeTarget(target)} printed more than ${max} bytes and was stopped.`,
            { server: target.name, maxOutputBytes: max },
          ),
        );
      }
      into.push(chunk);
    };
    channel.on('data', collect(stdout));
    channel.stderr.on('data', collect(stderr));
    channel.on('exit', (code: number | null, sig?: string) => {
      exit = sig ? { code: null, signal: sig } : { code: typeof code === 'number' ? code : null };
    });
    channel.on('close', () => finish());
    channel.on('error', (err: Error) => finish(openFailed(target, err)));
    if (opts.stdin !== undefined) channel.end(opts.stdin);
    else channel.end();
  });
}

export async function execStream(
  client: Client,
  target: SshTarget,
  command: string,
  opts: { signal?: AbortSignal } = {},
): Promise<ClientChannel> {
  const channel = await openExec(client, target, command, opts.signal);
  const { signal } = opts;
  if (signal) {
    const onAbort = () => stopChannel(channel);
    signal.addEventListener('abort', onAbort, { once: true });
    channel.once('close', () => signal.removeEventListener('abort', onAbort));
  }
  return channel;
}
