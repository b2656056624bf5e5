import { Stack } from '@mantine/core';
import { PageHeader } from '../components/page-header';
import { AboutCard } from './about-card';
import { JobsPanel } from './jobs-panel';
import { ProtectionPanel } from './protection-panel';

export function DashboardPage() {
  return (
    <>
      <PageHeader page="dashboard" />
      <Stack gap="lg">
        <ProtectionPanel />
        <JobsPanel />
        <AboutCard />
      </Stack>
    </>
  );
}
