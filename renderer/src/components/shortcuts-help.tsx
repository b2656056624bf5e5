// The "Keyboard shortcuts" dialog, opened with "?". Built from the same action list that drives
// the nav and the key handling, so it cannot drift.
import { Modal, Stack, Table, Text, Title } from '@mantine/core';
import { actions } from '../actions';
import type { Action } from '../actions/types';
import { useAppStore } from '../store';
import { ShortcutKeys } from './shortcut-keys';

const groups: Action['group'][] = ['Go to', 'Estate', 'Recover', 'Runs', 'General'];

/** A line under a group's heading, where its keys work only somewhere. */
const groupNotes: Partial<Record<Action['group'], string>> = {
  Recover:
    'On the Recover page (direct restore), when the step applies. Nothing is written without the confirmation.',
  Runs: 'Where a run is open (Recover in guided mode, Drills). Each step still acts only through its own button.',
};

export function ShortcutsHelp() {
  const open = useAppStore((s) => s.helpOpen);
  const setOpen = useAppStore((s) => s.setHelpOpen);
  return (
    <Modal
      opened={open}
      onClose={() => setOpen(false)}
      title="Keyboard shortcuts"
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close keyboard shortcuts' }}
    >
      <Stack gap="md">
        {groups.map((group) => (
          <section key={group} aria-labelledby={`shortcuts-${group}`}>
            <Title order={3} size="h5" id={`shortcuts-${group}`} mb={4}>
              {group}
            </Title>
            {groupNotes[group] && (
              <Text size="xs" c="dimmed" mb={4}>
                {groupNotes[group]}
              </Text>
            )}
            <Table verticalSpacing={6} withRowBorders={false}>
              <Table.Tbody>
                {actions
                  .filter((a) => a.group === group)
                  .map((action) => (
                    <Table.Tr key={action.id}>
                      <Table.Td>{action.label}</Table.Td>
                      <Table.Td ta="right">
                        {action.shortcuts.map((s, i) => (
                          <span key={i}>
                            {i > 0 && (
                              <Text span size="xs" c="dimmed" mx={6}>
                                or
                              </Text>
                            )}
                            <ShortcutKeys shortcut={s} />
                          </span>
                        ))}
                      </Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          </section>
        ))}
        <Text size="sm" c="dimmed">
          Shortcuts are ignored while you type in a field. Tab and Shift+Tab move between controls; Escape
          closes dialogs.
        </Text>
      </Stack>
    </Modal>
  );
}
