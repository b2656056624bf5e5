// In place or alongside, as icon + words + colour: in place changes live data, and says so.
import { Badge } from '@mantine/core';
import { InfoIcon, WarningIcon } from '../components/icons';

export function DestinationBadge({
  inPlace,
  size = 'md',
  done = false,
}: {
  inPlace: boolean;
  size?: 'sm' | 'md' | 'lg';
  /** A restore already carried out: just "In place" or "Alongside". */
  done?: boolean;
}) {
  return inPlace ? (
    <Badge
      color="red"
      variant="filled"
      radius="sm"
      size={size}
      leftSection={<WarningIcon size={14} />}
      className="lb-state-badge"
      data-destination="in-place"
    >
      {done ? 'In place' : 'In place: live data is changed'}
    </Badge>
  ) : (
    <Badge
      color="blue"
      variant="light"
      radius="sm"
      size={size}
      leftSection={<InfoIcon size={14} />}
      className="lb-state-badge"
      data-destination="alongside"
    >
      {done ? 'Alongside' : 'Alongside: live data untouched'}
    </Badge>
  );
}
