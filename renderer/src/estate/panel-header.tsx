// The top of an estate tab: its heading, a count, what it is for, and the Add button.
import { Badge, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { PlusIcon } from '../components/icons';

export function PanelHeader({
  id,
  title,
  count,
  loading,
  addLabel,
  onAdd,
  children,
}: {
  id: string;
  title: string;
  count: number | undefined;
  loading: boolean;
  addLabel: string;
  onAdd: () => void;
  children?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap" preventGrowOverflow={false}>
      <Stack gap={4}>
        <Group gap="sm">
          <Title order={2} size="h4" id={id}>
            {title}
          </Title>
          {count !== undefined && count > 0 && (
            <Badge variant="default" radius="sm" tt="none">
              {count}
            </Badge>
          )}
          {loading && <Loader size="xs" aria-label={`Loading ${title.toLowerCase()}`} />}
        </Group>
        {children && (
          <Text size="sm" c="dimmed" maw={720}>
            {children}
          </Text>
        )}
      </Stack>
      <Button leftSection={<PlusIcon size={16} />} onClick={onAdd} style={{ flexShrink: 0 }}>
        {addLabel}
      </Button>
    </Group>
  );
}
