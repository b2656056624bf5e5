// A command over SSH as a health check (and the `command` step's runner): connect, run it with
// its time limit, compare the exit code and optionally the output with a pattern.
import { toApiError } from '../../../api/errors';
import type { Services } from '../../../api/handlers/types';
import type { CheckSpec } from '../../model';
import type { CheckResult } from './result';

type SshCheck = Extract<CheckSpec, { type: 'ssh' }>;

/** The last `max` characters of a command's output, for the record. */
export function tail(text: string, max = 4000): string {
  return text.length <= max ? text : `…${text.slice(-max)}`;
}

export interface CommandOutcome {
  code: number | null;
  output: string;
  error?: { code: string; message: string };
}

/** Runs `command` on `server`; connection and time-limit failures come back as data. */
export async function runOnServer(
  s: Services,
  server: string,
  command: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<CommandOutcome> {
  let session;
  try {
    session = await s.estate.servers.connect(server, signal);
    const res = await session.exec(command, { timeoutMs, signal, maxOutputBytes: 4 * 1024 * 1024 });
    const output = [res.stdout, res.stderr].filter(Boolean).join(res.stdout.endsWith('\n') ? '' : '\n');
    return { code: res.code, output };
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    const { code, message } = toApiError(e);
    return { code: null, output: '', error: { code, message } };
  } finally {
    session?.close();
  }
}

export async function sshCheck(s: Services, c: SshCheck, signal: AbortSignal): Promise<CheckResult> {
  const label = `ssh ${c.server}: ${c.command}`;
  const started = performance.now();
  const out = await runOnServer(s, c.server, c.command, c.timeoutSeconds * 1000, signal);
  const durationMs = Math.round(performance.now() - started);
  const result = (ok: boolean, message: string): CheckResult => ({ label, ok, message, durationMs });
  if (out.error) return result(false, out.error.message);
  if (out.code !== c.expectExit)
    return result(
      false,
      `exited ${out.code ?? 'by a signal'}, expected ${c.expectExit}${out.output ? `: ${tail(out.output.trim(), 300)}` : ''}`,
    );
  if (c.outputRegex && !new RegExp(c.outputRegex).test(out.output))
    return result(false, `exited ${out.code}, but the output does not match /${c.outputRegex}/`);
  return result(true, `exited ${out.code}${c.outputRegex ? ' and the output matches' : ''}`);
}
