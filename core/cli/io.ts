// Where the CLI writes. Real stdout/stderr in the binary; buffers in tests.
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

/** Exit codes: 0 ok, 1 failure, 2 usage. */
export const exitCodes = { ok: 0, failure: 1, usage: 2 } as const;
