// "Start drill" asks first: a drill is a real restore, into a sandbox, timed. It says where the
// restores go and that the live targets are not touched, and which runbook is followed.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useAppStore } from '../store';
import { resolutionKey } from '../store/runs-slice';

export function StartDrillDialog() {
  const system = useAppStore((s) => s.drillConfirm);
  const setConfirm = useAppStore((s) => s.setDrillConfirm);
  const startRun = useAppStore((s) => s.startRun);
  const book = useAppStore((s) => (system ? s.resolutions[resolutionKey(system)]?.runbook : undefined));
  const close = () => setConfirm(undefined);
  return (
    <Modal
      opened={system !== undefined}
      onClose={close}
      title={`Start a drill of ${system ?? ''}?`}
      centered
      size="lg"
    >
      {system && (
        <Stack gap="md">
          <Text>
            A drill follows {book ? <strong>runbook {book.name}</strong> : 'the system’s runbook'} for real,
            with one difference: <strong>every restore goes to a sandbox</strong> (alongside: a scratch path
            or namespace), and the live targets are untouched.
          </Text>
          <Text size="sm" c="dimmed">
            The restores are timed against the RTO and recorded as the system’s last drill. Steps that wait
            for a person (checks, approvals, commands) wait for you here; the sandbox is removed when the
            drill ends or is cancelled.
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Not now
            </Button>
            <Button
              onClick={() => void startRun('drill', system, 'drills')}
              data-autofocus
              id="drill-start-confirm"
            >
              Start the drill
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
