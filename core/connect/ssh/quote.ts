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
