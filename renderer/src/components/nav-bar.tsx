// Left navigation, one link per page, from the action list. Recover stands out: it is the
// incident action.
import { NavLink, Stack, Text } from '@mantine/core';
import type { ComponentType } from 'react';
import { navActionFor } from '../actions';
import { hashForPage, pages, type PageId } from '../routes';
import { useAppStore } from '../store';
import {
  DashboardIcon,
  DrillsIcon,
  JournalIcon,
  RecoverIcon,
  RestorePointsIcon,
  SettingsIcon,
  SystemsIcon,
  type IconProps,
} from './icons';
import { shortcutText } from './shortcut-keys';

const pageIcons: Record<PageId, ComponentType<IconProps>> = {
  dashboard: DashboardIcon,
  systems: SystemsIcon,
  points: RestorePointsIcon,
  recover: RecoverIcon,
  drills: DrillsIcon,
  journal: JournalIcon,
  settings: SettingsIcon,
};

export function NavBar({ onNavigate }: { onNavigate?: () => void }) {
  const current = useAppStore((s) => s.page);
  return (
    <Stack gap={4} component="ul" className="lb-nav" p={0} m={0}>
      {pages.map((page) => {
        const Icon = pageIcons[page.id];
        const action = navActionFor(page.id);
        const [sequence, chord] = action?.shortcuts ?? [];
        const active = current === page.id;
        const recover = page.id === 'recover';
        return (
          <li key={page.id}>
            <NavLink
              component="a"
              href={hashForPage(page.id)}
              onClick={onNavigate}
              label={page.title}
              description={recover ? 'For an incident' : undefined}
              leftSection={<Icon size={recover ? 20 : 18} />}
              rightSection={
                sequence && (
                  <Text
                    span
                    size="xs"
                    c={recover && active ? undefined : 'dimmed'}
                    className="lb-nav-hint"
                    aria-hidden="true"
                  >
                    {shortcutText(sequence)}
                  </Text>
                )
              }
              active={active}
              color={recover ? 'red' : undefined}
              variant={recover && active ? 'filled' : 'light'}
              aria-current={active ? 'page' : undefined}
              aria-keyshortcuts={chord ? shortcutText(chord) : undefined}
              className={recover ? 'lb-nav-link lb-nav-recover' : 'lb-nav-link'}
              data-page={page.id}
            />
          </li>
        );
      })}
    </Stack>
  );
}
