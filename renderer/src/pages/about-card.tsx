// What this Lifeboat is, from app.info: version, mode, where its data lives, catalog schema.
import { Code, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from '../components/error-alert';
import { useAppStore } from '../store';
import type { AppInfo } from '../store/app-slice';

const modeLabel: Record<AppInfo['mode'], string> = {
  desktop: 'Desktop app',
  serve: 'Served to a browser (lifeboat serve)',
  cli: 'Command line',
};

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="lb-fact">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} component="dt" className="lb-fact-label">
        {label}
      </Text>
      <Text size="sm" component="dd" m={0} className="lb-fact-value">
        {children}
      </Text>
    </div>
  );
}

export function AboutCard({ headingOrder = 2 }: { headingOrder?: 2 | 3 }) {
  const info = useAppStore((s) => s.info);
  const state = useAppStore((s) => s.infoState);
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="about-heading">
      <Stack gap="md">
        <Title order={headingOrder} size="h4" id="about-heading">
          This Lifeboat
        </Title>
        {state.status === 'error' && (
          <ErrorAlert title="Could not read what this Lifeboat is" error={state.error} />
        )}
        {state.status === 'loading' && !info && <Loader size="sm" aria-label="Loading app information" />}
        {info && (
          <SimpleGrid component="dl" cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" m={0}>
            <Fact label="Version">{info.version}</Fact>
            <Fact label="Mode">{modeLabel[info.mode]}</Fact>
            <Fact label="Catalog schema">version {info.catalogSchemaVersion}</Fact>
            <Fact label="Data directory">
              <Code className="lb-path">{info.dataDir}</Code>
            </Fact>
            <Fact label="Catalog file">
              <Code className="lb-path">{info.catalogPath}</Code>
            </Fact>
            <Fact label="Runs on">
              {info.platform}, Node {info.nodeVersion}
            </Fact>
          </SimpleGrid>
        )}
      </Stack>
    </Paper>
  );
}
