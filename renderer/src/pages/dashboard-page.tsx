import { Stack } from '@mantine/core';
import { PageHeader } from '../components/page-header';
import { AboutCard } from './about-card';
import { JobsPanel } from './jobs-panel';

export function DashboardPage() {
  return (
    <>
      <PageHeader page="dashboard" />
      <Stack gap="lg">
        <JobsPanel />
        <AboutCard />
      </Stack>
    </>
  );
}
