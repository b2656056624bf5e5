// Small measuring tools shared by the benchmark and its child process.
import { readFileSync, writeFileSync } from 'node:fs';
import { posix } from 'node:path';
import { connectSsh, shQuote, type SshSession } from '../../core/connect/ssh';
import type { SshdInfo } from '../harness/sshd';

/** The baseline: raw `tar -cf - path` over the SSH session, drained (like `| cat >/dev/null`). */
export async function drainTar(session: SshSession, path: string): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const channel = await session.execStream(
    `LC_ALL=C tar -cf - -C ${shQuote(posix.dirname(path))} -- ${shQuote(posix.basename(path))}`,
  );
  let code: number | null = null;
  const closed = new Promise<void>((resolve) => {
    channel.on('exit', (c: number | null) => (code = c));
    channel.on('close', () => resolve());
  });
  channel.stderr.resume();
  let bytes = 0;
  for await (const chunk of channel as AsyncIterable<Buffer>) bytes += chunk.length;
  await closed;
  if (code !== 0) throw new Error(`baseline tar exited with ${String(code)}`);
  return { ms: performance.now() - t0, bytes };
}

/** Peak resident set: VmHWM (resettable) where /proc exists, else getrusage's maxRSS. */
export function peakRssBytes(): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m?.[1]) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** Resets VmHWM to the current RSS (Linux ≥ 4.0: "5" > /proc/self/clear_refs). */
export function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** A session to the benchmark's own sshd, with its key and host key. */
export function benchSession(
  sshd: Pick<SshdInfo, 'host' | 'port' | 'user' | 'clientKey' | 'hostKeyFingerprint'>,
) {
  return connectSsh({
    name: 'bench',
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    auth: { kind: 'key', privateKey: sshd.clientKey },
    acceptedFingerprint: sshd.hostKeyFingerprint,
    timeoutMs: 20_000,
  });
}
