// The console's actions: go to each page, show the shortcuts, switch theme.
import { pages } from '../routes';
import type { Action } from './types';

export const navActions: readonly Action[] = pages.map((page, index) => ({
  id: `go.${page.id}`,
  label: page.title,
  group: 'Go to',
  shortcuts: [['g', page.goKey], [`Alt+${index + 1}`]],
  perform: (store) => store.navigate(page.id),
}));

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

export const actions: readonly Action[] = [...navActions, ...generalActions];

export function navActionFor(pageId: string): Action | undefined {
  return navActions.find((a) => a.id === `go.${pageId}`);
}
