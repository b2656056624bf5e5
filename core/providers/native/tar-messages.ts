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

/** `base` is the folder tar ran in (-C), so relative names become absolute paths. */
export function sortTarMessages(stderr: string, base: string): TarMessages {
  const out: TarMessages = { failures: [], notes: [], other: [] };
  const abs = (p: string) =>
    (base === '/' ? `/${p}` : `${base}/${p}`).replace(/\/\.\//g, '/').replace(/\/\.$/, '');
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
