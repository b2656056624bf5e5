// Asks before cancelling: cancelling a restore halfway is a decision, not a misclick.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { JobView } from '../../../core/api/contract';

export function CancelJobDialog({
  job,
  onConfirm,
  onClose,
}: {
  job: JobView | undefined;
  onConfirm: (job: JobView) => void;
  onClose: () => void;
}) {
  return (
    <Modal opened={job !== undefined} onClose={onClose} title="Cancel this job?" centered>
      {job && (
        <Stack gap="md">
          <Text>
            <strong>{job.title}</strong> is {job.state === 'Queued' ? 'waiting to start' : 'running'}.
          </Text>
          <Text size="sm" c="dimmed">
            Lifeboat asks the job to stop. It stops at a safe point and reports what it finished; nothing it
            already completed is undone.
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} data-autofocus>
              Keep running
            </Button>
            <Button color="red" onClick={() => onConfirm(job)}>
              Cancel job
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
