// Test fixtures for the native provider (used by tests only).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export /** A tree with the awkward cases a server really has. */
function makeTree(): { root: string; big: Buffer } {
  const root = mkdtempSync(join(tmpdir(), 'lifeboat-tar-'));
  const d = join(root, 'data');
  mkdirSync(join(d, 'empty dir'), { recursive: true });
  mkdirSync(join(d, 'deep', 'a'.repeat(80), 'b'.repeat(80)), { recursive: true });
  writeFileSync(join(d, 'deep', 'a'.repeat(80), 'b'.repeat(80), 'long-path-file.txt'), 'deep\n');
  writeFileSync(join(d, 'with space.txt'), 'hello world\n');
  writeFileSync(join(d, 'new\nline'), 'newline in the name\n');
  writeFileSync(join(d, 'ünïcödé ✓.conf'), 'unicode\n');
  writeFileSync(Buffer.from([...Buffer.from(join(d, 'latin1-')), 0xe9, 0xff]), 'not utf-8 name\n');
  const big = randomBytes(3 * 1024 * 1024 + 17);
  writeFileSync(join(d, 'big.bin'), big);
  writeFileSync(join(d, 'empty.txt'), '');
  writeFileSync(join(d, 'original.txt'), 'linked\n');
  linkSync(join(d, 'original.txt'), join(d, 'hardlink.txt'));
  symlinkSync('with space.txt', join(d, 'link'));
  symlinkSync('/etc/passwd', join(d, 'absolute-link'));
  execFileSync('mkfifo', [join(d, 'pipe')]);
  writeFileSync(join(d, 'setuid'), '#!/bin/sh\n', { mode: 0o4755 });
  utimesSync(
    join(d, 'with space.txt'),
    new Date('2024-02-03T04:05:06.789Z'),
    new Date('2024-02-03T04:05:06.789Z'),
  );
  return { root, big };
}
