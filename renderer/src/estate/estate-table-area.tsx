// The body of an estate tab: the load error, the empty state, or the table.
import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from '../components/error-alert';
import { InfoIcon } from '../components/icons';
import type { EntryList } from '../store/estate-slice';

export function EstateTableArea<T>({
  list,
  what,
  empty,
  children,
}: {
  list: EntryList<T>;
  /** "servers" */
  what: string;
  empty: ReactNode;
  children: ReactNode;
}) {
  if (list.state.status === 'error')
    return <ErrorAlert title={`Could not list ${what}`} error={list.state.error} />;
  if (list.state.status !== 'ready') return null;
  if (list.items.length === 0)
    return (
      <Text className="lb-empty-inline" size="sm" component="div">
        <InfoIcon size={18} />
        <span>{empty}</span>
      </Text>
    );
  return <>{children}</>;
}
