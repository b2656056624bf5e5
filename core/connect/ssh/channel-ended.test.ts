// channelEnded waits for everything a command printed, not only for its exit status: OpenSSH can
// send the status before the last of stderr (a fake channel plays that order here).
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ClientChannel } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { channelEnded } from './exec';

function fakeChannel() {
  const channel = new EventEmitter() as EventEmitter & { stderr: PassThrough };
  channel.stderr = new PassThrough();
  channel.stderr.resume(); // read, as every caller reads it
  return channel;
}

describe('channelEnded', () => {
  it('resolves only once stderr ended too, with the exit status', async () => {
    const ch = fakeChannel();
    let stderr = '';
    ch.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let seen: string | undefined;
    const ended = channelEnded(ch as unknown as ClientChannel).then((e) => {
      seen = stderr;
      return e;
    });
    ch.emit('exit', 2);
    await new Promise((r) => setImmediate(r));
    expect(seen).toBeUndefined(); // the status alone is not the end
    ch.stderr.end('tar: app/tls.key: Cannot open: Permission denied\n'); // then the server's EOF
    expect(await ended).toEqual({ code: 2 });
    expect(seen).toContain('Permission denied');
  });

  it('says the connection closed when no status came, and does not wait forever for stderr', async () => {
    const ch = fakeChannel();
    const ended = channelEnded(ch as unknown as ClientChannel);
    ch.emit('close');
    expect(await ended).toEqual({ code: null, signal: 'connection closed' });
  });

  it('keeps a signal', async () => {
    const ch = fakeChannel();
    const ended = channelEnded(ch as unknown as ClientChannel);
    ch.emit('exit', null, 'KILL');
    ch.stderr.end();
    expect(await ended).toEqual({ code: null, signal: 'KILL' });
  });
});
