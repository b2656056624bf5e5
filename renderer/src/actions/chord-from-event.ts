// Turns a keydown into the chord names shortcuts are written in, or undefined for keys we leave
// alone (typing in a field, Ctrl/Cmd combinations, bare modifiers).
export interface KeyLike {
  key: string;
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

export function chordFromEvent(e: KeyLike): string | undefined {
  if (e.ctrlKey || e.metaKey) return undefined;
  if (['Shift', 'Alt', 'Control', 'Meta', 'AltGraph', 'CapsLock'].includes(e.key)) return undefined;
  if (e.altKey) {
    // Use the physical key: Alt+1 types "¡" on a Mac keyboard.
    const digit = /^Digit(\d)$/.exec(e.code);
    if (digit) return `Alt+${digit[1]}`;
    const letter = /^Key([A-Z])$/.exec(e.code);
    return letter ? `Alt+${letter[1]!.toLowerCase()}` : undefined;
  }
  if (/^[a-zA-Z]$/.test(e.key)) return e.shiftKey ? `Shift+${e.key.toLowerCase()}` : e.key;
  return e.key.length === 1 ? e.key : undefined;
}

/** True when the key press belongs to a text field, not to the console's shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(type);
}
