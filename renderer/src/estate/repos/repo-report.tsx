// A repository test report: the four checks (list, write, read, delete), each with its time.
import { Table, Text } from '@mantine/core';
import type { RepoTestReport } from '../../../../core/api/contract';
import { YesNo } from '../../components/status-text';

const opLabel: Record<RepoTestReport['checks'][number]['op'], string> = {
  list: 'List',
  write: 'Write a probe object',
  read: 'Read it back',
  delete: 'Delete it',
};

export function RepoReport({ report }: { report: RepoTestReport }) {
  return (
    <>
      <Text size="sm">
        First answer in <strong className="lb-num">{Math.round(report.latencyMs)} ms</strong>
      </Text>
      <Table verticalSpacing={4} withTableBorder aria-label="Repository checks" className="lb-report-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w="12rem">
              Check
            </Table.Th>
            <Table.Th scope="col" w="6rem">
              Works
            </Table.Th>
            <Table.Th scope="col" ta="right" w="5rem">
              Time
            </Table.Th>
            <Table.Th scope="col">Problem</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.checks.map((c) => (
            <Table.Tr key={c.op} data-check={c.op}>
              <Table.Td>{opLabel[c.op]}</Table.Td>
              <Table.Td>
                <YesNo value={c.ok} />
              </Table.Td>
              <Table.Td ta="right" className="lb-num">
                {Math.round(c.ms)} ms
              </Table.Td>
              <Table.Td>
                {c.error && (
                  <Text size="sm" c="red" className="lb-break-words">
                    {c.error.message} ({c.error.code})
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
