// SHA-256 on the server: of live files a plan depends on, and of the files a restore staged
// (scripts.ts runs the same hasher). The paths go NUL-separated on stdin; the answer comes back as
// sha256sum-style lines, parsed byte-exact (names need not be UTF-8).
import { LifeboatError } from '../../api/errors';
import { shQuote } from '../../connect/ssh';
import { nulList, runScript, why, type Remote } from './remote';

/** Parses sha256sum's lines (and `openssl dgst -r`'s, the same but for " *" before the name): a
 * leading "\" means the name has \\, \n (and \r) escaped. */
export function parseSha256sum(out: Buffer): Map<string, string> {
  const map = new Map<string, string>();
  let start = 0;
  while (start < out.length) {
    let end = out.indexOf(0x0a, start);
    if (end < 0) end = out.length;
    const line = out.subarray(start, end);
    start = end + 1;
    const escaped = line[0] === 0x5c;
    const body = escaped ? line.subarray(1) : line;
    const hash = body.subarray(0, 64).toString('latin1');
    if (!/^[0-9a-f]{64}$/.test(hash) || body.length < 67) continue;
    let name = body.subarray(66);
    if (escaped) {
      const bytes: number[] = [];
      for (let i = 0; i < name.length; i++) {
        const c = name[i]!;
        if (c === 0x5c && i + 1 < name.length) {
          const n = name[++i]!;
          bytes.push(n === 0x6e ? 0x0a : n === 0x72 ? 0x0d : n);
        } else bytes.push(c);
      }
      name = Buffer.from(bytes);
    }
    map.set(name.toString('latin1'), hash);
  }
  return map;
}

const emptySha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * A sh -c body that prints the SHA-256 of each argument, one sha256sum-style line per file in
 * order ("HASH  NAME", or "HASH *NAME"). OpenSSL's digest is several times faster than
 * coreutils' sha256sum on CPUs with SHA instructions, so it is used when the server has a
 * working one (checked on the empty input) — but only for names without a newline, a carriage
 * return or a backslash, the only names whose escaping differs between the two tools.
 */
export function sha256Args(names: Buffer[]): string {
  // (And none that openssl could take for an option: sha256sum has "--", openssl has not.)
  const plain = names.every(
    (n) => n[0] !== 0x2d && !n.includes(0x0a) && !n.includes(0x0d) && !n.includes(0x5c),
  );
  const probe = `openssl dgst -sha256 -r /dev/null 2>/dev/null | grep -q '^${emptySha256} '`;
  return `${plain ? `if ${probe}; then exec openssl dgst -sha256 -r "$@"; fi; ` : ''}exec sha256sum -- "$@"`;
}

/** SHA-256 of regular files, by path (latin1 key); a file that cannot be read fails the call. */
export async function hashFiles(
  r: Remote,
  paths: Buffer[],
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  if (paths.length === 0) return new Map();
  const res = await runScript(
    r,
    `LC_ALL=C; export LC_ALL; exec xargs -0 -r sh -c ${shQuote(sha256Args(paths))} sh`,
    'hashing files',
    {
      stdin: nulList(paths),
      ...(signal ? { signal } : {}),
    },
  );
  if (res.code !== 0) {
    throw new LifeboatError(
      'restore.read_failed',
      `Could not hash files on ${r.server}: ${why(res.stderr) || `exit ${res.code ?? res.signal}`}`,
      { server: r.server },
    );
  }
  return parseSha256sum(res.stdout);
}
