// A cluster test report: version, latency, namespaces, the permissions Lifeboat needs, notes.
import { Code, Group, List, Table, Text } from '@mantine/core';
import type { ClusterTestReport } from '../../../../core/api/contract';
import { YesNo } from '../../components/status-text';

type Permission = ClusterTestReport['permissions'][number];

/** One row per resource, one column per verb: a few lines instead of dozens. */
function PermissionMatrix({ permissions }: { permissions: Permission[] }) {
  const verbs = [...new Set(permissions.map((p) => p.verb))];
  const resources = [...new Set(permissions.map((p) => p.resource))];
  const allowed = new Map(permissions.map((p) => [`${p.resource} ${p.verb}`, p.allowed]));
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table
        verticalSpacing={4}
        withTableBorder
        aria-label="Permissions Lifeboat needs"
        className="lb-report-table"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Resource</Table.Th>
            {verbs.map((v) => (
              <Table.Th scope="col" key={v}>
                {v}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {resources.map((r) => (
            <Table.Tr key={r} data-resource={r}>
              <Table.Th scope="row" fw={400}>
                <Code>{r}</Code>
              </Table.Th>
              {verbs.map((v) => {
                const a = allowed.get(`${r} ${v}`);
                return (
                  <Table.Td key={v}>
                    {a ? (
                      <YesNo value={a} />
                    ) : (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function ClusterReport({ report }: { report: ClusterTestReport }) {
  return (
    <>
      <Group gap="xl" wrap="wrap">
        <Text size="sm">
          Kubernetes <strong>{report.serverVersion ?? 'version unknown'}</strong>
        </Text>
        <Text size="sm">
          Answered in <strong className="lb-num">{Math.round(report.latencyMs)} ms</strong>
        </Text>
        <Group gap={6} component="span">
          <Text size="sm" component="span">
            Can list namespaces:
          </Text>
          <YesNo value={report.canListNamespaces} />
          {report.namespaceCount !== undefined && (
            <Text size="sm" c="dimmed" component="span">
              ({report.namespaceCount} namespaces)
            </Text>
          )}
        </Group>
      </Group>
      {report.permissions.length > 0 && <PermissionMatrix permissions={report.permissions} />}
      {report.notes.length > 0 && (
        <div>
          <Text size="sm" fw={600}>
            Notes
          </Text>
          <List size="sm" spacing={2}>
            {report.notes.map((n) => (
              <List.Item key={n}>{n}</List.Item>
            ))}
          </List>
        </div>
      )}
    </>
  );
}
