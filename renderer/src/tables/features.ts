// TanStack Table v9 features for the console's tables: core only (the store already orders the
// rows), plus a typed column meta for widths and alignment.
import { tableFeatures } from '@tanstack/react-table';

export interface LbColumnMeta {
  /** CSS width of the column, e.g. "9rem". */
  width?: string;
  align?: 'left' | 'right';
}

export const features = tableFeatures({ columnMeta: {} as LbColumnMeta });
export type Features = typeof features;
