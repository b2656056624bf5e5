// The shell: header, left navigation, the current page, the shortcuts dialog.
import { AppShell, ScrollArea, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ComponentType } from 'react';
import { DashboardPage } from '../pages/dashboard-page';
import { DrillsPage } from '../drills/drills-page';
import { JournalPage } from '../pages/journal-page';
import { PointsPage } from '../points/points-page';
import { RecoverPage } from '../recover/recover-page';
import { SettingsPage } from '../pages/settings-page';
import { SystemsPage } from '../systems/systems-page';
import type { PageId } from '../routes';
import { useAppStore } from '../store';
import { VaultBanner } from '../vault/vault-banner';
import { VaultDialog } from '../vault/vault-dialog';
import { HeaderBar } from './header-bar';
import { NavBar } from './nav-bar';
import { ShortcutsHelp } from './shortcuts-help';

const pageComponents: Record<PageId, ComponentType> = {
  dashboard: DashboardPage,
  systems: SystemsPage,
  points: PointsPage,
  recover: RecoverPage,
  drills: DrillsPage,
  journal: JournalPage,
  settings: SettingsPage,
};

export function AppLayout() {
  const page = useAppStore((s) => s.page);
  const [navOpened, { toggle, close }] = useDisclosure(false);
  const Page = pageComponents[page];
  return (
    <>
      <a
        href="#main"
        className="lb-skip-link"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('page-title')?.focus();
        }}
      >
        Skip to content
      </a>
      <AppShell
        header={{ height: 56 }}
        navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
        padding="lg"
      >
        <AppShell.Header>
          <HeaderBar navOpened={navOpened} onToggleNav={toggle} />
        </AppShell.Header>
        <AppShell.Navbar p="sm" aria-label="Main">
          <AppShell.Section grow component={ScrollArea}>
            <NavBar onNavigate={close} />
          </AppShell.Section>
          <AppShell.Section pt="sm" className="lb-nav-footer">
            <Text size="xs" c="dimmed">
              Press <kbd className="lb-inline-kbd">?</kbd> for keyboard shortcuts
            </Text>
          </AppShell.Section>
        </AppShell.Navbar>
        <AppShell.Main id="main" data-page={page}>
          <div className="lb-page">
            <VaultBanner />
            <Page key={page} />
          </div>
        </AppShell.Main>
      </AppShell>
      <ShortcutsHelp />
      <VaultDialog />
    </>
  );
}
