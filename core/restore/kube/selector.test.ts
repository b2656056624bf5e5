import { describe, expect, it } from 'vitest';
import { isLifeboatError } from '../../api/errors';
import { matchesSelector, parseSelector } from './selector';

const matches = (selector: string, labels: Record<string, string>) =>
  matchesSelector(parseSelector(selector), labels);

function badSelector(text: string): { code: string; message: string; column: number } {
  try {
    parseSelector(text);
  } catch (e) {
    if (!isLifeboatError(e)) throw e;
    return { code: e.code, message: e.message, column: (e.details as { column: number }).column };
  }
  throw new Error(`expected "${text}" to be refused`);
}

describe('label selectors', () => {
  it('parses every operator, with spaces where Kubernetes allows them', () => {
    expect(
      parseSelector(' app = web , tier==front,env!=prod, ready, !legacy,zone in (a, b),x notin(c)'),
    ).toEqual([
      { key: 'app', op: 'in', values: ['web'] },
      { key: 'tier', op: 'in', values: ['front'] },
      { key: 'env', op: 'notin', values: ['prod'] },
      { key: 'ready', op: 'exists' },
      { key: 'legacy', op: 'absent' },
      { key: 'zone', op: 'in', values: ['a', 'b'] },
      { key: 'x', op: 'notin', values: ['c'] },
    ]);
    expect(parseSelector('app.kubernetes.io/name=web,empty=')).toEqual([
      { key: 'app.kubernetes.io/name', op: 'in', values: ['web'] },
      { key: 'empty', op: 'in', values: [''] },
    ]);
  });

  it('matches like a real API server: != and notin also match a missing label', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(matches('app=web', labels)).toBe(true);
    expect(matches('app=web,tier=back', labels)).toBe(false);
    expect(matches('env!=prod', labels)).toBe(true);
    expect(matches('app!=web', labels)).toBe(false);
    expect(matches('env notin (prod)', labels)).toBe(true);
    expect(matches('tier notin (front,back)', labels)).toBe(false);
    expect(matches('tier in (front,back)', labels)).toBe(true);
    expect(matches('env in (prod)', labels)).toBe(false);
    expect(matches('app', labels)).toBe(true);
    expect(matches('!app', labels)).toBe(false);
    expect(matches('!env', labels)).toBe(true);
    expect(matchesSelector(parseSelector('!env'), undefined)).toBe(true);
  });

  it('refuses bad syntax with restore.bad_selector, naming the column and what was expected', () => {
    expect(badSelector('app=web,')).toMatchObject({ code: 'restore.bad_selector', column: 9 });
    expect(badSelector('app=web,')).toMatchObject({
      message: expect.stringContaining('a requirement after ","'),
    });
    expect(badSelector('app in (a,b')).toMatchObject({
      column: 12,
      message: expect.stringContaining('"," or ")"'),
    });
    expect(badSelector('app in ()')).toMatchObject({
      column: 9,
      message: expect.stringContaining('a value in the set'),
    });
    expect(badSelector('app ~ web')).toMatchObject({
      column: 5,
      message: expect.stringContaining('an operator'),
    });
    expect(badSelector('=web')).toMatchObject({ column: 1, message: expect.stringContaining('a label key') });
    expect(badSelector('app=we b')).toMatchObject({ column: 8 });
    expect(badSelector('-app=web')).toMatchObject({
      column: 1,
      message: expect.stringContaining('valid label key'),
    });
    expect(badSelector(`app=${'v'.repeat(64)}`)).toMatchObject({
      message: expect.stringContaining('valid label value'),
    });
    expect(badSelector('   ')).toMatchObject({
      message: expect.stringContaining('at least one requirement'),
    });
  });
});
