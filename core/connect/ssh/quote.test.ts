import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shQuote, shScript } from './quote';

describe('shQuote', () => {
  it('wraps in single quotes and escapes single quotes', () => {
    expect(shQuote('plain')).toBe(`'plain'`);
    expect(shQuote('')).toBe(`''`);
    expect(shQuote("it's")).toBe(`'it'\\''s'`);
  });

  it('survives a real sh unchanged, whatever the bytes', () => {
    const nasty = [`$(id) \`id\` $HOME "q" 'q' \\ ; | & * ? [a] ~ \n\t end`, '-n', "''", '✓ ünïcode'];
    for (const s of nasty) {
      expect(execFileSync('sh', ['-c', `printf '%s' ${shQuote(s)}`], { encoding: 'utf8' })).toBe(s);
    }
  });

  it('refuses NUL, which no argument can hold', () => {
    expect(() => shQuote('a\0b')).toThrow(expect.objectContaining({ code: 'ssh.invalid_argument' }));
  });
});

describe('shScript', () => {
  it('runs the whole script in sh with LC_ALL=C, through sudo -n when asked', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'lifeboat-quote-')), "it's here");
    mkdirSync(dir);
    const script = `cd ${shQuote(dir)} && printf '%s ' "$LC_ALL" && pwd`;
    expect(shScript(script, true)).toBe(`sudo -n ${shScript(script, false)}`);
    const out = execFileSync('sh', ['-c', shScript(script, false)], {
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'en_US.UTF-8' },
    });
    expect(out).toBe(`C ${dir}\n`);
  });
});
