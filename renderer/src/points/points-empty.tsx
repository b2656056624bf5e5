// No restore points yet: what one is, and the next step.
import { Button, Group, Stack, Text } from '@mantine/core';
import { useAppStore } from '../store';

export function PointsEmpty() {
  const navigate = useAppStore((s) => s.navigate);
  return (
    <Stack gap="md" data-testid="points-empty">
      <Text maw={760}>
        A <strong>restore point</strong> is a point-in-time copy of one scope of a system — a folder on a
        server, a namespace in a cluster — kept encrypted in a repository. Each one shows when it was taken,
        what changed since the one before, and whether its data has been verified.
      </Text>
      <Text size="sm" c="dimmed" maw={760}>
        Next step: back up a system from the Systems page. Restore points made by other Lifeboats into the
        same repositories appear after “Rebuild catalog from repositories”.
      </Text>
      <Group>
        <Button onClick={() => navigate('systems')}>Back up a system from the Systems page</Button>
      </Group>
    </Stack>
  );
}
