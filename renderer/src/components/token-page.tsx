// Full-page explanation when the browser console cannot talk to Lifeboat: no token in the link,
// or a token the running `lifeboat serve` does not accept.
import { Center, Code, List, Paper, Stack, Text, Title } from '@mantine/core';
import { ErrorIcon, LifeboatMark } from './icons';

export function TokenPage({ reason }: { reason: 'no-token' | 'rejected' }) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder p="xl" maw={600} radius="lg" data-testid="token-page">
        <Stack gap="md">
          <Text component="div" c="dimmed">
            <LifeboatMark size={32} />
          </Text>
          <Title order={1} size="h2">
            {reason === 'no-token' ? 'Open the link from lifeboat serve' : 'This link is no longer valid'}
          </Title>
          {reason === 'no-token' ? (
            <Text size="lg">
              This console needs the link printed by <Code>lifeboat serve</Code> (it carries a one-time
              token).
            </Text>
          ) : (
            <Text size="lg">
              <ErrorIcon size={18} /> The server refused this console&apos;s token.{' '}
              <Code>lifeboat serve</Code> makes a new token each time it starts.
            </Text>
          )}
          <List type="ordered" spacing={6}>
            <List.Item>
              In a terminal on this computer, run <Code>lifeboat serve</Code> (or find the one that is
              running).
            </List.Item>
            <List.Item>
              Open the address it prints, for example <Code>http://127.0.0.1:PORT/#token=…</Code>, in this
              browser.
            </List.Item>
          </List>
          <Text size="sm" c="dimmed">
            The token stays in this tab only. Nothing is sent anywhere but this computer.
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}
