import { describe, expect, it } from 'vitest';
import { splitTokenFromHash } from '../../renderer/src/api/token';
import { hashForPage, pageFromHash } from '../../renderer/src/routes';

describe('splitTokenFromHash', () => {
  it('takes the token out of the fragment serve prints', () => {
    expect(splitTokenFromHash('#token=abc_DEF-123')).toEqual({ token: 'abc_DEF-123', rest: '' });
  });
  it('keeps a route that shares the fragment', () => {
    expect(splitTokenFromHash('#/journal&token=abc')).toEqual({ token: 'abc', rest: '#/journal' });
    expect(splitTokenFromHash('#/journal?token=abc')).toEqual({ token: 'abc', rest: '#/journal' });
    expect(splitTokenFromHash('#token=abc&x=1')).toEqual({ token: 'abc', rest: '#x=1' });
    expect(splitTokenFromHash('#/a&token=abc&x=1')).toEqual({ token: 'abc', rest: '#/a&x=1' });
  });
  it('leaves fragments without a token alone', () => {
    expect(splitTokenFromHash('#/systems')).toEqual({ rest: '#/systems' });
    expect(splitTokenFromHash('')).toEqual({ rest: '' });
    expect(splitTokenFromHash('#mytoken=abc')).toEqual({ rest: '#mytoken=abc' });
  });
  it('treats an empty token as none', () => {
    expect(splitTokenFromHash('#token=')).toEqual({ rest: '' });
  });
});

describe('routes', () => {
  it('maps fragments to pages and back', () => {
    expect(pageFromHash('#/journal')).toBe('journal');
    expect(pageFromHash('#/points')).toBe('points');
    expect(pageFromHash('#/nope')).toBeUndefined();
    expect(pageFromHash('')).toBeUndefined();
    expect(hashForPage('settings')).toBe('#/settings');
  });
});
