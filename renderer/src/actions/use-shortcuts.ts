// Installs the one keydown listener that runs actions by their shortcuts.
import { useEffect } from 'react';
import { useAppStore } from '../store';
import { chordFromEvent, isTypingTarget } from './chord-from-event';
import { createShortcutMatcher } from './shortcut-matcher';
import type { Action } from './types';

export function useShortcuts(actions: readonly Action[]): void {
  useEffect(() => {
    const byId = new Map(actions.map((a) => [a.id, a]));
    const matcher = createShortcutMatcher(
      actions.flatMap((a) => a.shortcuts.map((shortcut) => ({ id: a.id, shortcut }))),
    );
    function onKeyDown(e: KeyboardEvent): void {
      if (e.defaultPrevented || e.repeat || e.isComposing || isTypingTarget(e.target)) return;
      const chord = chordFromEvent(e);
      if (!chord) return;
      const wasPending = matcher.pending();
      const id = matcher.feed(chord, e.timeStamp);
      const action = id ? byId.get(id) : undefined;
      const store = useAppStore.getState();
      if (action && (action.available?.(store) ?? true)) {
        e.preventDefault();
        action.perform(store);
      } else if (matcher.pending() || wasPending) {
        e.preventDefault(); // "g" waiting for its second key must not type or scroll
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [actions]);
}
