// One labelled fact of a description list (<dl>): a small uppercase label and its value.
import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="lb-fact">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} component="dt" className="lb-fact-label">
        {label}
      </Text>
      <Text size="sm" component="dd" m={0} className="lb-fact-value">
        {children}
      </Text>
    </div>
  );
}
