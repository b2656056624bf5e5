// The Test / Edit / Remove buttons of an estate table row, named for assistive technology.
import { Button, Group } from '@mantine/core';

export function RowActions({
  name,
  kind,
  testing,
  onTest,
  onEdit,
  editLabel = 'Edit',
  onRemove,
}: {
  name: string;
  kind: string;
  testing?: boolean;
  onTest?: () => void;
  onEdit?: () => void;
  editLabel?: string;
  onRemove: () => void;
}) {
  return (
    <Group gap={6} justify="flex-end" wrap="nowrap" preventGrowOverflow={false} className="lb-row-actions">
      {onTest && (
        <Button
          size="compact-sm"
          variant="light"
          onClick={onTest}
          loading={testing}
          aria-label={`Test ${kind} ${name}`}
        >
          Test
        </Button>
      )}
      {onEdit && (
        <Button
          size="compact-sm"
          variant="default"
          onClick={onEdit}
          aria-label={`${editLabel} ${kind} ${name}`}
        >
          {editLabel}
        </Button>
      )}
      <Button
        size="compact-sm"
        variant="subtle"
        color="red"
        onClick={onRemove}
        aria-label={`Remove ${kind} ${name}`}
      >
        Remove
      </Button>
    </Group>
  );
}
