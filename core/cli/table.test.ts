import { describe, expect, it } from 'vitest';
import { printable, table } from './table';

describe('terminal text', () => {
  it('shows control characters in names instead of printing them', () => {
    expect(printable('new\nline\tand\x1b[2Jclear\x7f')).toBe('new\\nline\\tand\\x1b[2Jclear\\x7f');
    expect(printable('naïve café ✓')).toBe('naïve café ✓');
  });

  it('keeps a table one line per row whatever its cells hold', () => {
    const t = table(
      ['NAME', 'SIZE'],
      [
        ['a\nb', '1'],
        ['c', '2'],
      ],
    );
    expect(t.split('\n')).toEqual(['NAME  SIZE', 'a\\nb  1', 'c     2']);
  });
});
