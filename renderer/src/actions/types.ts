// Actions are data (Excalidraw style): one list drives the nav, the keyboard shortcuts and the
// shortcuts help dialog.
import type { AppStore } from '../store';

/**
 * A shortcut is a sequence of chords pressed one after the other: ['g', 'd'] is "g then d",
 * ['Alt+1'] is one chord, ['?'] is the question mark. Chords are written as chordFromEvent
 * produces them (lower-case letters, "Alt+"/"Shift+" prefixes).
 */
export type Shortcut = readonly string[];

export interface Action {
  id: string;
  label: string;
  group: 'Go to' | 'Estate' | 'Recover' | 'Runs' | 'General';
  shortcuts: readonly Shortcut[];
  /** When the action applies (e.g. only on its page); always, when absent. */
  available?(store: AppStore): boolean;
  perform(store: AppStore): void;
}
