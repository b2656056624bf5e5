// Settings: appearance, what this Lifeboat is, and plainly what is not built yet.
import { Paper, Stack, Text, Title } from '@mantine/core';
import { InfoIcon } from '../components/icons';
import { PageHeader } from '../components/page-header';
import { ThemeToggle } from '../components/theme-toggle';
import { AboutCard } from './about-card';

export function SettingsPage() {
  return (
    <>
      <PageHeader page="settings" />
      <Stack gap="lg">
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
        <Paper withBorder p="lg" component="section" aria-labelledby="estate-heading">
          <Stack gap="sm">
            <Title order={2} size="h4" id="estate-heading">
              Servers, clusters and repositories
            </Title>
            <Text className="lb-empty-inline">
              <InfoIcon size={18} />
              <span>Servers, clusters and repositories are not built yet.</span>
            </Text>
          </Stack>
        </Paper>
      </Stack>
    </>
  );
}
