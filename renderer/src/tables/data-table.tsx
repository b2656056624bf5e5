// A semantic table (Mantine styles, TanStack Table model) that virtualizes its rows with
// TanStack Virtual once the list is long: spacer rows keep the scroll height and the columns.
import { Table } from '@mantine/core';
import { useTable, type ColumnDef, type Row, type RowData } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';
import { features, type Features } from './features';

/** Below this many rows everything renders; above it only what is in view. */
const virtualizeFrom = 80;

export interface DataTableProps<T extends RowData> {
  data: readonly T[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- columns of mixed value types
  columns: ColumnDef<Features, T, any>[];
  getRowId: (row: T) => string;
  /** Names the table for assistive technology. */
  label: string;
  /** Height of the scrolling area when virtualized. */
  maxHeight?: number;
  estimateRowHeight?: number;
  rowProps?: (row: T) => Record<string, string | undefined>;
}

export function DataTable<T extends RowData>(props: DataTableProps<T>) {
  const { data, columns, getRowId, label, maxHeight = 560, estimateRowHeight = 56 } = props;
  const table = useTable({ features, columns, data, getRowId });
  const rows = table.getRowModel().rows;
  const virtual = rows.length >= virtualizeFrom;
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- read in this render only, never memoized
  const virtualizer = useVirtualizer({
    count: virtual ? rows.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimateRowHeight,
    getItemKey: (index) => rows[index]?.id ?? index,
    overscan: 8,
  });

  const renderRow = (row: Row<Features, T>, index?: number): ReactNode => (
    <Table.Tr
      key={row.id}
      data-index={index}
      aria-rowindex={index === undefined ? undefined : index + 2}
      ref={virtual ? virtualizer.measureElement : undefined}
      {...props.rowProps?.(row.original)}
    >
      {row.getAllCells().map((cell) => (
        <Table.Td key={cell.id} ta={cell.column.columnDef.meta?.align}>
          <table.FlexRender cell={cell} />
        </Table.Td>
      ))}
    </Table.Tr>
  );

  let body: ReactNode;
  if (!virtual) body = rows.map((row) => renderRow(row));
  else {
    const items = virtualizer.getVirtualItems();
    const top = items[0]?.start ?? 0;
    const bottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
    const colSpan = columns.length;
    body = (
      <>
        {top > 0 && (
          <tr aria-hidden="true">
            <td colSpan={colSpan} style={{ height: top, padding: 0, border: 0 }} />
          </tr>
        )}
        {items.map((item) => {
          const row = rows[item.index];
          return row ? renderRow(row, item.index) : null;
        })}
        {bottom > 0 && (
          <tr aria-hidden="true">
            <td colSpan={colSpan} style={{ height: bottom, padding: 0, border: 0 }} />
          </tr>
        )}
      </>
    );
  }

  return (
    <div
      ref={scrollRef}
      className="lb-table-scroll"
      style={virtual ? { maxHeight, overflowY: 'auto' } : undefined}
      role="region"
      aria-label={label}
      tabIndex={virtual ? 0 : undefined}
    >
      <Table
        verticalSpacing="sm"
        highlightOnHover
        stickyHeader={virtual}
        layout="fixed"
        aria-rowcount={virtual ? rows.length + 1 : undefined}
      >
        <Table.Thead>
          {table.getHeaderGroups().map((group) => (
            <Table.Tr key={group.id}>
              {group.headers.map((header) => (
                <Table.Th
                  key={header.id}
                  w={header.column.columnDef.meta?.width}
                  ta={header.column.columnDef.meta?.align}
                  scope="col"
                >
                  {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                </Table.Th>
              ))}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>{body}</Table.Tbody>
      </Table>
    </div>
  );
}
