import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSha256sum, sha256Args } from './hashes';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-sha256args-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const which = (tool: string) =>
  execFileSync('sh', ['-c', `command -v ${tool}`])
    .toString()
    .trim();

/** A bin directory holding only `tools` (symlinks to the real ones). */
function binWith(name: string, tools: string[]): string {
  const bin = path.join(dir, name);
  mkdirSync(bin);
  for (const t of tools) symlinkSync(which(t), path.join(bin, t));
  return bin;
}

/** Runs the hasher body as xargs would (names as arguments) with PATH = bin, in `dir`. */
function hashWith(body: string, bin: string, names: string[]): Map<string, string> {
  const out = execFileSync(which('sh'), ['-c', body, 'sh', ...names], { cwd: dir, env: { PATH: bin } });
  lastOutput = out.toString('latin1');
  return parseSha256sum(out);
}
let lastOutput = '';

describe('sha256Args (the server-side hasher)', () => {
  const files = {
    './plain.txt': 'plain',
    './with space': 'spaced',
    './back\\slash': 'slashed',
    './nl\nname': 'nl',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');
  const coreutils = ['sha256sum', 'grep'];
  const haveOpenssl = (() => {
    try {
      which('openssl');
      return true;
    } catch {
      return false;
    }
  })();

  it('hashes with openssl where it works, names without newline or backslash', () => {
    const names = ['./plain.txt', './with space'];
    const body = sha256Args(names.map((n) => Buffer.from(n)));
    expect(body).toContain('openssl dgst -sha256 -r');
    const tools = haveOpenssl ? [...coreutils, 'openssl'] : coreutils;
    const sums = hashWith(body, binWith('both', tools), names);
    expect(sums).toEqual(new Map(names.map((n) => [n, sha(files[n as keyof typeof files])])));
    // openssl's -r lines put " *" before the name, sha256sum's two spaces.
    expect(lastOutput).toContain(haveOpenssl ? ' *./plain.txt' : '  ./plain.txt');
  });

  it('falls back to sha256sum when the server has no openssl', () => {
    const names = ['./plain.txt', './with space'];
    const sums = hashWith(
      sha256Args(names.map((n) => Buffer.from(n))),
      binWith('no-openssl', coreutils),
      names,
    );
    expect(sums).toEqual(new Map(names.map((n) => [n, sha(files[n as keyof typeof files])])));
  });

  it('falls back to sha256sum when openssl is there but does not hash', () => {
    const bin = binWith('broken-openssl', coreutils);
    writeFileSync(path.join(bin, 'openssl'), '#!/bin/sh\necho "digest disabled" >&2; exit 1\n', {
      mode: 0o755,
    });
    symlinkSync(which('sh'), path.join(bin, 'sh'));
    const names = ['./plain.txt'];
    const sums = hashWith(sha256Args(names.map((n) => Buffer.from(n))), bin, names);
    expect(sums.get('./plain.txt')).toBe(sha('plain'));
  });

  it('uses sha256sum alone for a name openssl would take for an option', () => {
    expect(sha256Args([Buffer.from('-r')])).not.toContain('openssl');
  });

  it('uses sha256sum alone for names whose escaping differs between the tools', () => {
    const names = ['./back\\slash', './nl\nname', './plain.txt'];
    const body = sha256Args(names.map((n) => Buffer.from(n)));
    expect(body).not.toContain('openssl');
    const sums = hashWith(body, binWith('escaped', coreutils), names);
    expect(sums).toEqual(new Map(names.map((n) => [n, sha(files[n as keyof typeof files])])));
  });
});
