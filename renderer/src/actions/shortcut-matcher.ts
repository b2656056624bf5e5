// Pure key-sequence matching for shortcuts like "g d": feed chords with their time, get the
// action id once a whole sequence matches. No DOM here (see use-shortcuts for the listener).
import type { Shortcut } from './types';

export interface Binding {
  id: string;
  shortcut: Shortcut;
}

export interface ShortcutMatcher {
  /** Returns the id of the action whose sequence this chord completes, if any. */
  feed(chord: string, nowMs: number): string | undefined;
  /** True while a prefix ("g") waits for its next chord. */
  pending(): boolean;
  reset(): void;
}

const sameSeq = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((k, i) => k === b[i]);
const startsWith = (seq: readonly string[], prefix: readonly string[]) =>
  prefix.length < seq.length && prefix.every((k, i) => k === seq[i]);

export function createShortcutMatcher(bindings: readonly Binding[], timeoutMs = 1500): ShortcutMatcher {
  let buffer: string[] = [];
  let lastMs = Number.NEGATIVE_INFINITY;

  function attempt(seq: string[]): 'match' | 'prefix' | 'none' {
    if (bindings.some((b) => sameSeq(b.shortcut, seq))) return 'match';
    return bindings.some((b) => startsWith(b.shortcut, seq)) ? 'prefix' : 'none';
  }
  function idFor(seq: string[]): string | undefined {
    return bindings.find((b) => sameSeq(b.shortcut, seq))?.id;
  }

  return {
    feed(chord, nowMs) {
      if (nowMs - lastMs > timeoutMs) buffer = [];
      lastMs = nowMs;
      // Try to extend what is pending, then fall back to the chord on its own ("g x g d").
      for (const seq of buffer.length ? [[...buffer, chord], [chord]] : [[chord]]) {
        const result = attempt(seq);
        if (result === 'match') {
          buffer = [];
          return idFor(seq);
        }
        if (result === 'prefix') {
          buffer = seq;
          return undefined;
        }
      }
      buffer = [];
      return undefined;
    },
    pending: () => buffer.length > 0,
    reset() {
      buffer = [];
    },
  };
}

/** Key names for display: "Alt+1" → ["Alt", "1"], "g" → ["G"], "?" → ["?"]. */
export function chordKeys(chord: string): string[] {
  const parts = chord.split('+');
  const key = parts.pop() ?? '';
  return [...parts, key.length === 1 ? key.toUpperCase() : key];
}
