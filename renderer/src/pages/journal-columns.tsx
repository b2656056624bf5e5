// The journal table's columns: seq, time, actor, action, subject (in words, its id beside it).
import { Code, Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import type { JournalEntry } from '../../../core/api/contract';
import { formatDateTime, formatRelativeTime } from '../format';
import { journalSubject } from './journal-text';
import type { Features } from '../tables/features';

const col = createColumnHelper<Features, JournalEntry>();

export function journalColumns(now: Date) {
  return col.columns([
    col.accessor('seq', {
      header: 'Seq',
      cell: (info) => (
        <Text size="sm" className="lb-num">
          {info.getValue()}
        </Text>
      ),
      meta: { width: '5rem', align: 'right' },
    }),
    col.accessor('at', {
      header: 'Time',
      cell: (info) => (
        <>
          <Text size="sm" className="lb-num">
            {formatDateTime(info.getValue())}
          </Text>
          <Text size="xs" c="dimmed">
            {formatRelativeTime(info.getValue(), now)}
          </Text>
        </>
      ),
      meta: { width: '10.5rem' },
    }),
    col.accessor('actor', {
      header: 'Actor',
      cell: (info) => <Text size="sm">{info.getValue()}</Text>,
      meta: { width: '8rem' },
    }),
    col.accessor('action', {
      header: 'Action',
      cell: (info) => <Code>{info.getValue()}</Code>,
      meta: { width: '12rem' },
    }),
    col.accessor('subject', {
      header: 'Subject',
      cell: (info) => {
        const { text, id } = journalSubject(info.row.original);
        return (
          <>
            <Text size="sm" className="lb-break-words">
              {text}
            </Text>
            {id && (
              <Text size="xs" c="dimmed" className="lb-num" title={info.getValue()}>
                {id}
              </Text>
            )}
          </>
        );
      },
    }),
  ]);
}
