// What GNU tar says on stderr about single files, sorted into failures (the file is missing
// from the restore point) and notes (recorded and skipped, e.g. sockets).

export interface TarMessages {
  failures: { item: string; message: string }[];
  notes: { item: string; message: string }[];
  /** Lines that are about no single file (the reason when tar fails as a whole). */
  other: string[];
}

const perFile = /^tar: (.+?): ((?:Cannot|Read error|File shrank|Warning: Cannot).*)$/;
const skipped =
  /^tar: (.+?): (socket ignored|file changed as we read it|file removed before we read it|Cannot stat: No such file or directory)$/;

/**
 * A name as tar or find prints it, relative to `base` (the folder they ran in: "name/x",
 * "./name/x", "."), as the absolute path on the server.
 */
export function onServer(base: string, name: string): string {
  const rel = name.replace(/^(\.\/)+/, '').replace(/^\.$/, '');
  if (!rel) return base;
  return base === '/' ? `/${rel}` : `${base}/${rel}`;
}

/**
 * Why a whole tar run failed, or undefined. tar exits 1 when files changed as it read them, and 2
 * when a named file could not be read: both are said per file (failures or notes), not failures
 * of the run.
 */
export function tarRunFailure(code: number | null, m: TarMessages, exitSignal?: string): string | undefined {
  if (code === 0 || code === 1 || m.failures.length + m.notes.length > 0) return undefined;
  return m.other.join(' ').trim() || `exit ${code ?? exitSignal ?? 'without a status'}`;
}

/** `base` is the folder tar ran in (-C), so relative names become absolute paths. */
export function sortTarMessages(stderr: string, base: string): TarMessages {
  const out: TarMessages = { failures: [], notes: [], other: [] };
  const abs = (p: string) => onServer(base, p);
  for (const line of stderr.split('\n')) {
    if (!line.trim()) continue;
    const s = skipped.exec(line);
    if (s?.[1] && s[2]) {
      // A name listed before tar came to it, gone since: as when tar finds it gone itself.
      const message = s[2].startsWith('Cannot stat') ? 'file removed before we read it' : s[2];
      out.notes.push({ item: abs(s[1]), message });
      continue;
    }
    const f = perFile.exec(line);
    if (f?.[1] && f[2]) out.failures.push({ item: abs(f[1]), message: f[2] });
    else if (!/^tar: Exiting with failure status due to previous errors$/.test(line)) out.other.push(line);
  }
  return out;
}
