// Mantine's color scheme follows the store's theme preference (one source of truth, persisted by
// the ui slice), instead of keeping its own copy in localStorage.
import type { MantineColorSchemeManager } from '@mantine/core';
import { useAppStore } from '../store';

export function storeColorSchemeManager(): MantineColorSchemeManager {
  let unsubscribe: (() => void) | undefined;
  return {
    get: () => useAppStore.getState().theme,
    set: (value) => useAppStore.getState().setTheme(value),
    subscribe(onUpdate) {
      unsubscribe?.();
      unsubscribe = useAppStore.subscribe((state, previous) => {
        if (state.theme !== previous.theme) onUpdate(state.theme);
      });
    },
    unsubscribe() {
      unsubscribe?.();
      unsubscribe = undefined;
    },
    clear: () => useAppStore.getState().setTheme('auto'),
  };
}

/** Sets the scheme attribute before React renders, so a dark console does not flash white. */
export function applyInitialColorScheme(): void {
  const theme = useAppStore.getState().theme;
  const dark =
    theme === 'dark' || (theme === 'auto' && window.matchMedia?.('(prefers-color-scheme: dark)').matches);
  document.documentElement.setAttribute('data-mantine-color-scheme', dark ? 'dark' : 'light');
}
