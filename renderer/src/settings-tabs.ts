// The Settings page's tabs as data: routing (#/settings/servers), the tab list and the
// "g e …" shortcuts all read this list. General has no sub-path: #/settings.
export const settingsTabIds = ['general', 'servers', 'clusters', 'repositories', 'estate-file'] as const;
export type SettingsTabId = (typeof settingsTabIds)[number];

export interface SettingsTabDef {
  id: SettingsTabId;
  title: string;
  /** Third key of the "g e <key>" shortcut (none for General: "g ,"). */
  goKey?: string;
}

export const settingsTabs: readonly SettingsTabDef[] = [
  { id: 'general', title: 'General' },
  { id: 'servers', title: 'Servers', goKey: 's' },
  { id: 'clusters', title: 'Clusters', goKey: 'c' },
  { id: 'repositories', title: 'Repositories', goKey: 'r' },
  { id: 'estate-file', title: 'Estate file', goKey: 'f' },
];

export function isSettingsTab(value: string | undefined): value is SettingsTabId {
  return (settingsTabIds as readonly (string | undefined)[]).includes(value);
}
