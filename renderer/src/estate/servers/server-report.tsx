// A server test report: latency, OS, host key, the tools found, and what is missing.
import { Code, Group, List, Table, Text } from '@mantine/core';
import type { ServerTestReport } from '../../../../core/api/contract';
import { StatusText, YesNo } from '../../components/status-text';

/** What backups and restores rely on, on a stock Linux host (PRODUCT.md). */
const needed = new Set(['sh', 'tar', 'sha256sum', 'stat']);

export function ServerReport({ report }: { report: ServerTestReport }) {
  const missing = report.tools.filter((t) => !t.present && needed.has(t.name));
  return (
    <>
      <Group gap="xl" wrap="wrap">
        <Text size="sm">
          Connected in <strong className="lb-num">{Math.round(report.latencyMs)} ms</strong>, round trip{' '}
          <strong className="lb-num">{Math.round(report.roundTripMs)} ms</strong>
        </Text>
        <Text size="sm">
          OS: <strong>{report.os ?? 'not recognised'}</strong>
        </Text>
        <Text size="sm">
          Host key: {report.hostKey.keyType} <Code>{report.hostKey.fingerprint}</Code>
        </Text>
      </Group>
      <Table verticalSpacing={4} withTableBorder aria-label="Tools on the server" className="lb-report-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Tool</Table.Th>
            <Table.Th scope="col">Present</Table.Th>
            <Table.Th scope="col">Role</Table.Th>
            <Table.Th scope="col">Detail</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.tools.map((t) => (
            <Table.Tr key={t.name} data-tool={t.name}>
              <Table.Td>
                <Code>{t.name}</Code>
              </Table.Td>
              <Table.Td>
                <YesNo value={t.present} noTone={needed.has(t.name) ? 'error' : 'none'} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={needed.has(t.name) ? undefined : 'dimmed'}>
                  {needed.has(t.name) ? 'Required' : 'Used when present'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed" className="lb-break-words">
                  {t.detail ?? ''}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {(missing.length > 0 || !report.ok) && (
        <div>
          <StatusText tone="warning">Problems</StatusText>
          <List size="sm" spacing={2} mt={4}>
            {missing.map((t) => (
              <List.Item key={t.name}>
                {t.name} is not installed (or not on the PATH): Lifeboat needs it for backups and restores.
              </List.Item>
            ))}
            {missing.length === 0 && <List.Item>The server reported a problem with its probe.</List.Item>}
          </List>
        </div>
      )}
    </>
  );
}
