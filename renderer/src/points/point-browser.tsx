// The tree browser: one directory of a restore point at a time, with breadcrumbs. Keyboard:
// the listing is one tab stop; arrows (and Home/End, Page Up/Down) move, Enter opens a
// directory, Backspace goes up. Long directories render only the rows in view.
import { Anchor, Breadcrumbs, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { PointEntry, PointView } from '../../../core/api/contract';
import { ErrorAlert } from '../components/error-alert';
import { formatBytes, formatDateTime } from '../format';
import { joinPath, modeText, ownerText, parentPath, pathCrumbs } from './point-text';
import { useListing } from './use-listing';

const virtualizeFrom = 150;
const rowHeight = 37;

function EntryName({ e }: { e: PointEntry }) {
  const dir = e.type === 'dir';
  return (
    <Text
      size="sm"
      fw={dir ? 600 : undefined}
      className="lb-path lb-break-words"
      title={e.nameBase64 ? 'This name is not UTF-8: other bytes are shown as \\xNN' : undefined}
    >
      {e.name}
      {dir ? '/' : ''}
      {e.type !== 'file' && e.type !== 'dir' && (
        <Text component="span" size="xs" c="dimmed">
          {' '}
          ({e.type})
        </Text>
      )}
    </Text>
  );
}

function EntryCells({ e }: { e: PointEntry }) {
  const dimmed = (text: string | undefined) =>
    text ? (
      <Text size="xs" className="lb-break-words">
        {text}
      </Text>
    ) : (
      <Text size="xs" c="dimmed">
        —
      </Text>
    );
  return (
    <>
      <Table.Td>
        <EntryName e={e} />
      </Table.Td>
      <Table.Td>
        <Text size="xs" className="lb-path">
          {modeText(e.type, e.mode)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs" className="lb-break-words">
          {ownerText(e)}
        </Text>
      </Table.Td>
      <Table.Td ta="right">
        <Text size="xs" className="lb-num">
          {e.type === 'dir' ? '—' : formatBytes(e.size)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs" className="lb-num">
          {formatDateTime(e.mtime)}
        </Text>
      </Table.Td>
      <Table.Td>{dimmed(e.linkTarget ? `→ ${e.linkTarget}` : undefined)}</Table.Td>
      <Table.Td>{dimmed(e.note)}</Table.Td>
    </>
  );
}

export function PointBrowser({ point }: { point: PointView }) {
  const [path, setPath] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [active, setActive] = useState(0);
  /** After going up, the directory we came from is the active row. */
  const cameFrom = useRef<string | undefined>(undefined);
  const listing = useListing(point.id, path, attempt);
  const entries =
    listing.status === 'ready' ? listing.entries : listing.status === 'loading' ? listing.stale : [];
  const idPrefix = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const virtual = entries.length >= virtualizeFrom;
  // eslint-disable-next-line react-hooks/incompatible-library -- read in this render only
  const virtualizer = useVirtualizer({
    count: virtual ? entries.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 10,
  });

  useEffect(() => {
    if (listing.status !== 'ready') return;
    const from = cameFrom.current;
    cameFrom.current = undefined;
    const index = from ? listing.entries.findIndex((e) => e.name === from) : -1;
    setActive(Math.max(0, index));
  }, [listing]);

  useEffect(() => {
    if (virtual) virtualizer.scrollToIndex(active, { align: 'auto' });
    else document.getElementById(`${idPrefix}-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, virtual, virtualizer, idPrefix]);

  const go = (to: string, focus = true) => {
    setPath(to);
    if (focus) tableRef.current?.focus();
  };
  const open = (e: PointEntry | undefined) => {
    if (e?.type === 'dir') go(joinPath(listing.path, e.name));
  };
  const up = () => {
    if (!path) return;
    cameFrom.current = path.split('/').pop();
    go(parentPath(path));
  };

  function onKeyDown(ev: KeyboardEvent) {
    const last = entries.length - 1;
    const move: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      Home: 0,
      End: last,
      PageDown: active + 10,
      PageUp: active - 10,
    };
    if (ev.key in move) setActive(Math.max(0, Math.min(last, move[ev.key] ?? 0)));
    else if (ev.key === 'Enter') open(entries[active]);
    else if (ev.key === 'Backspace') up();
    else return;
    ev.preventDefault();
  }

  const row = (e: PointEntry, index: number): ReactNode => (
    <Table.Tr
      key={e.name}
      id={`${idPrefix}-${index}`}
      data-index={index}
      data-entry={e.name}
      data-active={index === active || undefined}
      aria-selected={index === active}
      ref={virtual ? virtualizer.measureElement : undefined}
      className="lb-entry-row"
      onClick={() => setActive(index)}
      onDoubleClick={() => open(e)}
    >
      <EntryCells e={e} />
    </Table.Tr>
  );

  let body: ReactNode = entries.map(row);
  if (virtual) {
    const items = virtualizer.getVirtualItems();
    const top = items[0]?.start ?? 0;
    const bottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
    const spacer = (h: number) => (
      <tr aria-hidden="true">
        <td colSpan={7} style={{ height: h, padding: 0, border: 0 }} />
      </tr>
    );
    body = (
      <>
        {top > 0 && spacer(top)}
        {items.map((item) => (entries[item.index] ? row(entries[item.index]!, item.index) : null))}
        {bottom > 0 && spacer(bottom)}
      </>
    );
  }

  const crumbs = pathCrumbs(path);
  return (
    <Stack gap="sm" component="section" aria-labelledby={`${idPrefix}-heading`}>
      <Group justify="space-between" align="center">
        <Title order={3} size="h5" id={`${idPrefix}-heading`}>
          Files in this restore point
        </Title>
        <Text size="xs" c="dimmed">
          ↑ ↓ move · Enter opens a directory · Backspace goes up
        </Text>
      </Group>
      <Group gap="sm" wrap="nowrap">
        <Button
          size="compact-sm"
          variant="default"
          onClick={up}
          disabled={!path}
          aria-label="Up one directory"
        >
          Up
        </Button>
        <Breadcrumbs component="nav" separator="/" aria-label="Directory" className="lb-crumbs">
          <Anchor
            component="button"
            size="sm"
            onClick={() => go('')}
            aria-current={path ? undefined : 'location'}
          >
            top
          </Anchor>
          {crumbs.map((c, i) => (
            <Anchor
              key={c.path}
              component="button"
              size="sm"
              className="lb-path"
              onClick={() => go(c.path)}
              aria-current={i === crumbs.length - 1 ? 'location' : undefined}
            >
              {c.name}
            </Anchor>
          ))}
        </Breadcrumbs>
        {listing.status === 'loading' && <Loader size="xs" aria-label="Reading the directory" />}
      </Group>
      {listing.status === 'error' && (
        <ErrorAlert title={`Could not read ${path || 'the top directory'}`} error={listing.error}>
          <Button size="xs" variant="default" mt="xs" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </Button>
        </ErrorAlert>
      )}
      <div
        ref={scrollRef}
        className="lb-table-scroll lb-entries"
        style={{ maxHeight: 420, overflowY: 'auto' }}
      >
        <Table
          ref={tableRef}
          role="grid"
          aria-label={`Entries of ${path || 'the top directory'}`}
          aria-activedescendant={entries.length ? `${idPrefix}-${active}` : undefined}
          aria-busy={listing.status === 'loading'}
          tabIndex={0}
          onKeyDown={onKeyDown}
          layout="fixed"
          stickyHeader
          verticalSpacing={6}
          className="lb-entries-table"
          data-path={listing.status === 'ready' ? listing.path : undefined}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col" w="7.5rem">
                Mode
              </Table.Th>
              <Table.Th scope="col" w="8rem">
                Owner
              </Table.Th>
              <Table.Th scope="col" w="5.5rem" ta="right">
                Size
              </Table.Th>
              <Table.Th scope="col" w="9.5rem">
                Modified
              </Table.Th>
              <Table.Th scope="col" w="8rem">
                Link target
              </Table.Th>
              <Table.Th scope="col" w="8rem">
                Note
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {listing.status === 'ready' && entries.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={7}>
                  <Text size="sm" c="dimmed">
                    This directory is empty.
                  </Text>
                </Table.Td>
              </Table.Tr>
            ) : (
              body
            )}
          </Table.Tbody>
        </Table>
      </div>
    </Stack>
  );
}
