import { describe, expect, it } from 'vitest';
import { actions } from '../../renderer/src/actions';
import { chordFromEvent } from '../../renderer/src/actions/chord-from-event';
import { chordKeys, createShortcutMatcher } from '../../renderer/src/actions/shortcut-matcher';

const key = (k: string, more: Partial<Parameters<typeof chordFromEvent>[0]> = {}) => ({
  key: k,
  code: '',
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...more,
});

describe('shortcut matcher', () => {
  const bindings = actions.flatMap((a) => a.shortcuts.map((shortcut) => ({ id: a.id, shortcut })));

  it('matches "g" then a page key', () => {
    const m = createShortcutMatcher(bindings);
    expect(m.feed('g', 0)).toBeUndefined();
    expect(m.pending()).toBe(true);
    expect(m.feed('d', 100)).toBe('go.dashboard');
    expect(m.pending()).toBe(false);
    expect(m.feed('g', 200)).toBeUndefined();
    expect(m.feed(',', 300)).toBe('go.settings');
  });
  it('matches single chords', () => {
    const m = createShortcutMatcher(bindings);
    expect(m.feed('?', 0)).toBe('help.shortcuts');
    expect(m.feed('Alt+4', 10)).toBe('go.recover');
  });
  it('forgets a prefix after the timeout', () => {
    const m = createShortcutMatcher(bindings, 1000);
    m.feed('g', 0);
    expect(m.feed('d', 5000)).toBeUndefined();
  });
  it('restarts on a wrong second key', () => {
    const m = createShortcutMatcher(bindings);
    m.feed('g', 0);
    expect(m.feed('x', 10)).toBeUndefined();
    expect(m.pending()).toBe(false);
    m.feed('g', 20);
    expect(m.feed('g', 30)).toBeUndefined(); // "g g" is nothing, but the second g starts over
    expect(m.feed('j', 40)).toBe('go.journal');
  });
  it('gives every page both a sequence and an Alt+digit, with no duplicates', () => {
    const seen = new Set<string>();
    for (const b of bindings) {
      const k = b.shortcut.join(' ');
      expect(seen.has(k), `duplicate shortcut ${k}`).toBe(false);
      seen.add(k);
    }
    expect(actions.filter((a) => a.group === 'Go to')).toHaveLength(7);
  });
});

describe('chordFromEvent', () => {
  it('names plain keys, shifted letters and Alt chords by physical key', () => {
    expect(chordFromEvent(key('g'))).toBe('g');
    expect(chordFromEvent(key('G', { shiftKey: true }))).toBe('Shift+g');
    expect(chordFromEvent(key('?', { shiftKey: true }))).toBe('?');
    expect(chordFromEvent(key('¡', { altKey: true, code: 'Digit1' }))).toBe('Alt+1');
  });
  it('leaves Ctrl/Cmd combinations and bare modifiers alone', () => {
    expect(chordFromEvent(key('r', { ctrlKey: true }))).toBeUndefined();
    expect(chordFromEvent(key('l', { metaKey: true }))).toBeUndefined();
    expect(chordFromEvent(key('Shift', { shiftKey: true }))).toBeUndefined();
    expect(chordFromEvent(key('Tab'))).toBeUndefined();
  });
  it('draws chords as keys', () => {
    expect(chordKeys('Alt+1')).toEqual(['Alt', '1']);
    expect(chordKeys('g')).toEqual(['G']);
  });
});
