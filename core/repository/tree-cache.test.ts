import { describe, expect, it } from 'vitest';
import { TreeCache } from './tree-cache';

describe('TreeCache', () => {
  it('keeps the most recently used trees within its byte budget', () => {
    const cache = new TreeCache(100);
    const tree = (n: number) => ({ nodes: new Array(n).fill(undefined) }) as never;
    cache.set('a', tree(1), 40);
    cache.set('b', tree(2), 40);
    expect(cache.get('a')).toEqual(tree(1)); // a is now the most recent
    cache.set('c', tree(3), 40); // over budget: b, the least recent, goes
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
  });
});
