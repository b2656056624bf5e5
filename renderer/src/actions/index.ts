// The console's actions: go to each page and each part of the estate, the vault, the steps of
// a restore on the Recover page, a run of a runbook, show the shortcuts, switch theme.
import { pages } from '../routes';
import { settingsTabs } from '../settings-tabs';
import { recoverActions } from './recover-actions';
import { runActions } from './run-actions';
import type { Action } from './types';

export const navActions: readonly Action[] = pages.map((page, index) => ({
  id: `go.${page.id}`,
  label: page.title,
  group: 'Go to',
  shortcuts: [['g', page.goKey], [`Alt+${index + 1}`]],
  perform: (store) => store.navigate(page.id),
}));

export const estateActions: readonly Action[] = [
  ...settingsTabs.flatMap((tab): Action[] =>
    tab.goKey
      ? [
          {
            id: `settings.${tab.id}`,
            label: `Settings → ${tab.title}`,
            group: 'Estate',
            shortcuts: [['g', 'e', tab.goKey]],
            perform: (store) => store.openSettings(tab.id),
          },
        ]
      : [],
  ),
  {
    id: 'vault.open',
    label: 'Unlock the vault (or create it)',
    group: 'Estate',
    shortcuts: [['g', 'u']],
    perform: (store) => void store.requestVault(),
  },
  {
    id: 'vault.lock',
    label: 'Lock the vault',
    group: 'Estate',
    shortcuts: [['g', 'l']],
    perform: (store) => void store.lockVault(),
  },
];

export const generalActions: readonly Action[] = [
  {
    id: 'help.shortcuts',
    label: 'Show keyboard shortcuts',
    group: 'General',
    shortcuts: [['?']],
    perform: (store) => store.setHelpOpen(!store.helpOpen),
  },
  {
    id: 'theme.cycle',
    label: 'Switch theme (light, dark, auto)',
    group: 'General',
    shortcuts: [['g', 't']],
    perform: (store) => store.cycleTheme(),
  },
];

export const actions: readonly Action[] = [
  ...navActions,
  ...estateActions,
  ...recoverActions,
  ...runActions,
  ...generalActions,
];

export function navActionFor(pageId: string): Action | undefined {
  return navActions.find((a) => a.id === `go.${pageId}`);
}
