// Theme preference and navigation. The theme is remembered in localStorage; the page lives in
// the URL fragment (see use-hash-route).
import { defaultPage, type PageId } from '../routes';
import type { SettingsTabId } from '../settings-tabs';
import type { SliceCreator } from './types';

export type ThemePreference = 'light' | 'dark' | 'auto';
export const themeStorageKey = 'lifeboat.theme';

function isTheme(value: unknown): value is ThemePreference {
  return value === 'light' || value === 'dark' || value === 'auto';
}

export function readStoredTheme(): ThemePreference {
  try {
    const stored = window.localStorage.getItem(themeStorageKey);
    return isTheme(stored) ? stored : 'auto';
  } catch {
    return 'auto';
  }
}

export interface UiSlice {
  theme: ThemePreference;
  page: PageId;
  /** The Settings tab; part of the URL (#/settings/servers). */
  settingsTab: SettingsTabId;
  helpOpen: boolean;
  setTheme(theme: ThemePreference): void;
  cycleTheme(): void;
  /** Goes to a page; Settings opens on General. */
  navigate(page: PageId): void;
  openSettings(tab: SettingsTabId): void;
  setHelpOpen(open: boolean): void;
}

const themeCycle: Record<ThemePreference, ThemePreference> = {
  light: 'dark',
  dark: 'auto',
  auto: 'light',
};

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  theme: readStoredTheme(),
  page: defaultPage,
  settingsTab: 'general',
  helpOpen: false,
  setTheme(theme) {
    if (!isTheme(theme) || theme === get().theme) return;
    try {
      window.localStorage.setItem(themeStorageKey, theme);
    } catch {
      // storage disabled: the choice lasts for this page only
    }
    set({ theme });
  },
  cycleTheme: () => get().setTheme(themeCycle[get().theme]),
  navigate: (page) =>
    set({ page, helpOpen: false, ...(page === 'settings' ? { settingsTab: 'general' as const } : {}) }),
  openSettings: (settingsTab) => set({ page: 'settings', settingsTab, helpOpen: false }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
});
