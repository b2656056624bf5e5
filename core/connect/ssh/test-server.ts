// testServer: "does this server work for Lifeboat?" — connect (timed), a trivial round trip
// (timed), then one probe script for the OS and the tools scopes rely on.

import { connectSsh } from './connect';
import { redact } from './errors';
import { osReport, parseProbeOutput, probeScript, REQUIRED_TOOLS, toolsReport } from './server-probe';
import type { ServerTestReport, SshTarget } from './target';

const PROBE_TIMEOUT_MS = 20_000;
const PROBE_MAX_OUTPUT = 64 * 1024;

function ms(since: number): number {
  return Math.round((performance.now() - since) * 10) / 10;
}

/**
 * Connects and reports latency, round trip, OS and tools. Connection failures throw (the same
 * LifeboatErrors as connectSsh); a server that connects but lacks a required tool, or whose probe
 * fails, is a report with ok: false and the reasons in `problems`.
 */
export async function testServer(
  target: SshTarget,
  opts: { signal?: AbortSignal } = {},
): Promise<ServerTestReport> {
  const started = performance.now();
  const session = await connectSsh(target, opts);
  try {
    const latencyMs = ms(started);
    const rtStart = performance.now();
    await session.exec('true', { signal: opts.signal, timeoutMs: target.timeoutMs });
    const roundTripMs = ms(rtStart);

    const problems: string[] = [];
    const { script, nonce } = probeScript();
    const probe = await session.exec('sh -s', {
      stdin: script,
      signal: opts.signal,
      timeoutMs: Math.max(target.timeoutMs, PROBE_TIMEOUT_MS),
      maxOutputBytes: PROBE_MAX_OUTPUT,
    });
    let values = new Map<string, string>();
    try {
      values = parseProbeOutput(probe.stdout, nonce);
    } catch (err) {
      const stderr = redact(probe.stderr.trim().split('\n')[0] ?? '', target).slice(0, 200);
      problems.push(
        `The server probe failed (${(err as Error).message}; exit ${probe.code ?? probe.signal ?? '?'}` +
          (stderr ? `: ${stderr}` : '') +
          ').',
      );
    }
    const tools = toolsReport(values);
    if (values.size > 0) {
      for (const t of tools) {
        if (REQUIRED_TOOLS.includes(t.name) && !t.present) {
          problems.push(
            `${t.name} is not installed (or not on the PATH): Lifeboat needs it for backups and restores.`,
          );
        }
      }
    }
    const report: ServerTestReport = {
      ok: problems.length === 0,
      latencyMs,
      roundTripMs,
      tools,
      hostKey: session.hostKey,
    };
    const os = osReport(values);
    if (os !== undefined) report.os = os;
    if (problems.length) report.problems = problems;
    return report;
  } finally {
    session.close();
  }
}
