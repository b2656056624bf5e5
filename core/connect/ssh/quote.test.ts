import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shQuote } from './quote';

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
