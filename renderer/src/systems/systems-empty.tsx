// No systems yet: what a system is, what it needs first, and the way to add one.
import { Button, Group, List, Stack, Text } from '@mantine/core';
import { PlusIcon } from '../components/icons';
import { StatusText } from '../components/status-text';
import type { SettingsTabId } from '../settings-tabs';
import { useAppStore } from '../store';

export function SystemsEmpty({ onAdd }: { onAdd: () => void }) {
  const servers = useAppStore((s) => s.estate.servers.items.length);
  const clusters = useAppStore((s) => s.estate.clusters.items.length);
  const repositories = useAppStore((s) => s.estate.repositories.items.length);
  const openSettings = useAppStore((s) => s.openSettings);
  const needsTargets = servers + clusters === 0;
  const needsRepo = repositories === 0;
  const go = (tab: SettingsTabId, label: string) => (
    <Button size="xs" variant="default" onClick={() => openSettings(tab)}>
      {label}
    </Button>
  );
  return (
    <Stack gap="md" data-testid="systems-empty">
      <Text>
        A <strong>system</strong> is something the business cares about — billing-api, customer-db — with an
        owner, how critical it is, its recovery objectives (RPO: how much data you can lose; RTO: how long a
        restore may take), the repository for its restore points, and its scopes: the folders on servers and
        the namespaces in clusters that make it up.
      </Text>
      {(needsTargets || needsRepo) && (
        <Stack gap="xs">
          <StatusText tone="info">Before the first system, Lifeboat needs:</StatusText>
          <List size="sm" spacing={6}>
            {needsTargets && (
              <List.Item>
                <Group gap="sm">
                  <span>a server or a cluster where its data lives</span>
                  {go('servers', 'Settings → Servers')}
                  {go('clusters', 'Settings → Clusters')}
                </Group>
              </List.Item>
            )}
            {needsRepo && (
              <List.Item>
                <Group gap="sm">
                  <span>a repository to keep its restore points</span>
                  {go('repositories', 'Settings → Repositories')}
                </Group>
              </List.Item>
            )}
          </List>
        </Stack>
      )}
      <Group>
        <Button leftSection={<PlusIcon size={16} />} onClick={onAdd} disabled={needsTargets || needsRepo}>
          Add a system
        </Button>
      </Group>
    </Stack>
  );
}
