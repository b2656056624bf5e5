// POSIX shell quoting for command arguments sent over SSH.

import { LifeboatError } from '../../api/errors';

/**
 * Quotes `s` as one POSIX sh word: wrapped in single quotes, each ' written as '\''. Safe for any
 * byte except NUL, which no command argument can hold (throws `ssh.invalid_argument`).
 */
export function shQuote(s: string): string {
  if (s.includes('\0')) {
    throw new LifeboatError(
      'ssh.invalid_argument',
      'A command argument contains a NUL byte, which a shell cannot pass.',
    );
  }
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * `script` run by sh on the server — as root through `sudo -n` when `sudo` (the whole script, so
 * that every step of it, a `cd` included, has root's rights), with LC_ALL=C either way (sudo
 * may not pass the caller's environment on).
 */
export function shScript(script: string, sudo: boolean): string {
  const body = `LC_ALL=C; export LC_ALL; ${script}`;
  return `${sudo ? 'sudo -n ' : ''}sh -c ${shQuote(body)}`;
}
