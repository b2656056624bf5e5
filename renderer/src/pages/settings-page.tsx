// Settings: General (vault, appearance, what this Lifeboat is), the estate (servers, clusters,
// repositories) and the estate file. Each tab has its own address (#/settings/servers) and a
// "g e …" shortcut; the tab list itself is reached with Tab and moved through with the arrows.
import { Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import type { ComponentType } from 'react';
import { PageHeader } from '../components/page-header';
import { ThemeToggle } from '../components/theme-toggle';
import { ClustersPanel } from '../estate/clusters/clusters-panel';
import { EstateFilePanel } from '../estate/estate-file/estate-file-panel';
import { ReposPanel } from '../estate/repos/repos-panel';
import { ServersPanel } from '../estate/servers/servers-panel';
import { isSettingsTab, settingsTabs, type SettingsTabId } from '../settings-tabs';
import { useAppStore } from '../store';
import { VaultPanel } from '../vault/vault-panel';
import { AboutCard } from './about-card';

function GeneralPanel() {
  return (
    <Stack gap="lg">
      <VaultPanel />
      <Paper withBorder p="lg" component="section" aria-labelledby="appearance-heading">
        <Stack gap="sm" align="flex-start">
          <Title order={2} size="h4" id="appearance-heading">
            Appearance
          </Title>
          <Text size="sm" c="dimmed">
            Auto follows your system setting. The choice is remembered on this computer.
          </Text>
          <ThemeToggle />
        </Stack>
      </Paper>
      <AboutCard />
    </Stack>
  );
}

const panels: Record<SettingsTabId, ComponentType> = {
  general: GeneralPanel,
  servers: ServersPanel,
  clusters: ClustersPanel,
  repositories: ReposPanel,
  'estate-file': EstateFilePanel,
};

export function SettingsPage() {
  const tab = useAppStore((s) => s.settingsTab);
  const openSettings = useAppStore((s) => s.openSettings);
  return (
    <>
      <PageHeader page="settings" />
      <Tabs
        value={tab}
        onChange={(v) => {
          if (v && isSettingsTab(v)) openSettings(v);
        }}
        keepMounted={false}
      >
        <Tabs.List aria-label="Settings sections" mb="lg">
          {settingsTabs.map((t) => (
            <Tabs.Tab key={t.id} value={t.id} data-settings-tab={t.id}>
              {t.title}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {settingsTabs.map((t) => {
          const Panel = panels[t.id];
          return (
            <Tabs.Panel key={t.id} value={t.id}>
              <Panel />
            </Tabs.Panel>
          );
        })}
      </Tabs>
    </>
  );
}
