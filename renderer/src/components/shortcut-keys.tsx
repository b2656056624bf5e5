// A shortcut drawn as keys: "g then d", "Alt + 1".
import { Kbd, Text } from '@mantine/core';
import { Fragment } from 'react';
import { chordKeys } from '../actions/shortcut-matcher';
import type { Shortcut } from '../actions/types';

export function ShortcutKeys({ shortcut }: { shortcut: Shortcut }) {
  return (
    <span className="lb-shortcut">
      {shortcut.map((chord, i) => (
        <Fragment key={i}>
          {i > 0 && (
            <Text span size="xs" c="dimmed" mx={4}>
              then
            </Text>
          )}
          {chordKeys(chord).map((key, j) => (
            <Fragment key={j}>
              {j > 0 && (
                <Text span size="xs" c="dimmed" mx={2}>
                  +
                </Text>
              )}
              <Kbd size="xs">{key}</Kbd>
            </Fragment>
          ))}
        </Fragment>
      ))}
    </span>
  );
}

/** "G D" for aria-keyshortcuts and compact hints. */
export function shortcutText(shortcut: Shortcut): string {
  return shortcut.map((chord) => chordKeys(chord).join('+')).join(' ');
}
