// An error from the core, inline where it happened: what failed, the message, and the code.
import { Alert, Code, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ApiError } from '../../../core/api/errors';
import { ErrorIcon } from './icons';

export function ErrorAlert({
  title,
  error,
  onClose,
  children,
}: {
  title: string;
  error: ApiError;
  onClose?: () => void;
  children?: ReactNode;
}) {
  return (
    <Alert
      color="red"
      variant="light"
      title={title}
      icon={<ErrorIcon size={20} />}
      withCloseButton={onClose !== undefined}
      closeButtonLabel="Dismiss"
      onClose={onClose}
      role="alert"
    >
      <Text size="sm">{error.message}</Text>
      <Text size="xs" c="dimmed" mt={4}>
        Error code <Code>{error.code}</Code>
      </Text>
      {children}
    </Alert>
  );
}
