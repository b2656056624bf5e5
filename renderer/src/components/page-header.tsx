// The page's one h1 and the sentence saying what the page is for. After navigation the heading
// takes focus, so keyboard and screen-reader users land at the start of the new page.
import { Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import { pageDef, type PageId } from '../routes';

let firstPageShown = true;

export function PageHeader({ page, children }: { page: PageId; children?: ReactNode }) {
  const def = pageDef(page);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${def.title} · Lifeboat`;
    if (firstPageShown) firstPageShown = false;
    else heading.current?.focus({ preventScroll: false });
  }, [def.title]);
  return (
    <Stack gap={6} mb="lg">
      <Title order={1} ref={heading} tabIndex={-1} className="lb-page-title" id="page-title">
        {def.title}
      </Title>
      <Text c="dimmed" maw={720}>
        {def.purpose}
      </Text>
      {children}
    </Stack>
  );
}
