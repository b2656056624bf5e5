// The one-round-trip probe behind testServer: a POSIX sh script (fed to `sh -s` on stdin, so it
// works whatever the login shell) printing key=value lines between nonce markers, and a strict
// parser for them. The output comes from the server: it is untrusted and parsed as such.

import { randomBytes } from 'node:crypto';
import type { ToolName, ToolReport } from './target';

const PROBED_COMMANDS = ['sh', 'tar', 'sha256sum', 'stat', 'restic', 'pg_dump', 'sudo'] as const;
const VERSIONED: Record<string, string> = {
  tar: 'tar --version',
  restic: 'restic version',
  pg_dump: 'pg_dump --version',
};

const KEYS = new Set<string>([
  'uname',
  'os',
  ...PROBED_COMMANDS.map((c) => `path.${c}`),
  ...Object.keys(VERSIONED).map((c) => `version.${c}`),
  'sudo.exit',
  'sudo.message',
]);

/** The tools every server scope relies on: without them the server is not usable. */
export const REQUIRED_TOOLS: readonly ToolName[] = ['sh', 'tar', 'sha256sum', 'stat'];

const MAX_VALUE = 300;

export interface ProbeScript {
  script: string;
  nonce: string;
}

export function probeScript(nonce = randomBytes(8).toString('hex')): ProbeScript {
  const lines = [
    `m=lifeboat-probe-${nonce}`,
    // First line of $2 only, no CR, at most MAX_VALUE characters.
    `p() { printf '%s=%s\\n' "$1" "$(printf '%s\\n' "$2" | head -n 1 | tr -d '\\r' | cut -c 1-${MAX_VALUE})"; }`,
    `printf '%s begin\\n' "$m"`,
    `p uname "$(uname -srm 2>/dev/null)"`,
    `if [ -r /etc/os-release ]; then p os "$(. /etc/os-release >/dev/null 2>&1 </dev/null; printf '%s' "\${PRETTY_NAME:-}")"; fi`,
    `for t in ${PROBED_COMMANDS.join(' ')}; do p "path.$t" "$(command -v "$t" 2>/dev/null)"; done`,
    ...Object.entries(VERSIONED).map(
      ([tool, cmd]) =>
        `if command -v ${tool} >/dev/null 2>&1; then p version.${tool} "$(${cmd} 2>/dev/null </dev/null)"; fi`,
    ),
    // Commands read nothing from stdin: the script itself arrives there.
    `if command -v sudo >/dev/null 2>&1; then r=$(sudo -n true 2>&1 </dev/null); s=$?; p sudo.exit "$s"; p sudo.message "$r"; fi`,
    `printf '%s end\\n' "$m"`,
    '',
  ];
  return { script: lines.join('\n'), nonce };
}

/** Drops control characters (terminal escapes and the like) from server-supplied text. */
function stripControl(s: string): string {
  return [...s].filter((c) => c >= ' ' && c !== '\x7f').join('');
}

export type ProbeValues = Map<string, string>;

/**
 * Reads the key=value block between the nonce markers (anything a login script printed around
 * it is ignored). Inside the block every line must be a known key, once: otherwise an Error.
 */
export function parseProbeOutput(stdout: string, nonce: string): ProbeValues {
  const lines = stdout.split('\n').map((l) => l.replace(/\r$/, ''));
  const begin = lines.indexOf(`lifeboat-probe-${nonce} begin`);
  const end = lines.indexOf(`lifeboat-probe-${nonce} end`, begin + 1);
  if (begin < 0 || end < 0) throw new Error('the probe script did not run to the end');
  const values: ProbeValues = new Map();
  for (const line of lines.slice(begin + 1, end)) {
    const match = /^([a-z0-9_.]+)=(.*)$/.exec(line);
    if (!match) throw new Error(`unexpected probe output line ${JSON.stringify(line.slice(0, 80))}`);
    const [, key = '', raw = ''] = match;
    if (!KEYS.has(key)) throw new Error(`unknown probe key ${JSON.stringify(key)}`);
    if (values.has(key)) throw new Error(`probe key ${key} printed twice`);
    const value = stripControl(raw).trim().slice(0, MAX_VALUE);
    if (value) values.set(key, value);
  }
  return values;
}

function withVersion(path: string, version: string | undefined): string {
  return version ? `${path} (${version})` : path;
}

function tool(values: ProbeValues, name: Exclude<ToolName, 'sudo -n'>): ToolReport {
  const path = values.get(`path.${name}`);
  if (!path) return { name, present: false, detail: 'not found' };
  return { name, present: true, detail: withVersion(path, values.get(`version.${name}`)) };
}

function sudo(values: ProbeValues): ToolReport {
  const name = 'sudo -n';
  if (!values.get('path.sudo')) return { name, present: false, detail: 'sudo is not installed' };
  const exit = values.get('sudo.exit');
  if (exit === '0') return { name, present: true, detail: 'passwordless sudo' };
  const message = values.get('sudo.message');
  return { name, present: false, detail: message ?? `sudo -n true exited with ${exit ?? 'no status'}` };
}

/** Tools in report order: the required ones, sudo, then the optional providers. */
export function toolsReport(values: ProbeValues): ToolReport[] {
  return [
    tool(values, 'sh'),
    tool(values, 'tar'),
    tool(values, 'sha256sum'),
    tool(values, 'stat'),
    sudo(values),
    tool(values, 'restic'),
    tool(values, 'pg_dump'),
  ];
}

/** "Debian GNU/Linux 12 (bookworm), Linux 6.1.0 x86_64", or undefined if neither is known. */
export function osReport(values: ProbeValues): string | undefined {
  const parts = [values.get('os'), values.get('uname')].filter((v): v is string => !!v);
  return parts.length ? parts.join(', ') : undefined;
}
