// The dry-run plan of an import: per entry, whether it is new, unchanged, or conflicts with
// what exists (and, once chosen, whether the conflict is skipped or replaced).
import { Table } from '@mantine/core';
import type { MethodResult } from '../../../../core/api/contract';
import { StatusText, type Tone } from '../../components/status-text';

export type ImportEntry = MethodResult<'estate.import'>['entries'][number];
export type ConflictChoice = 'skip' | 'replace' | undefined;

const kindLabel: Record<ImportEntry['kind'], string> = {
  server: 'Server',
  cluster: 'Cluster',
  repository: 'Repository',
  system: 'System',
};

function look(action: ImportEntry['action'], choice: ConflictChoice): { tone: Tone; text: string } {
  const a = action === 'conflict' && choice ? choice : action;
  switch (a) {
    case 'create':
      return { tone: 'ok', text: 'New: will be created' };
    case 'unchanged':
      return { tone: 'none', text: 'Unchanged' };
    case 'conflict':
      return { tone: 'warning', text: 'Exists with other settings' };
    case 'replace':
      return { tone: 'warning', text: 'Exists: will be replaced' };
    case 'skip':
      return { tone: 'info', text: 'Exists: will be kept as it is' };
  }
}

export function ImportPreview({ entries, choice }: { entries: ImportEntry[]; choice: ConflictChoice }) {
  return (
    <Table verticalSpacing={4} withTableBorder aria-label="What the import does" className="lb-report-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col" w="9rem">
            Kind
          </Table.Th>
          <Table.Th scope="col">Name</Table.Th>
          <Table.Th scope="col">What happens</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entries.map((e) => {
          const { tone, text } = look(e.action, choice);
          return (
            <Table.Tr key={`${e.kind}:${e.name}`} data-action={e.action}>
              <Table.Td>{kindLabel[e.kind]}</Table.Td>
              <Table.Td fw={600}>{e.name}</Table.Td>
              <Table.Td>
                <StatusText tone={tone}>{text}</StatusText>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
