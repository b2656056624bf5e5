// What is known about a restore point, as icon + words: "Verified <when>" only with evidence (a
// read-data verification without damage), "Damaged" when a verification found damage, otherwise
// "Not verified" (a structure check alone is not evidence that the data can be read back).
import type { PointView } from '../../../core/api/contract';
import { StatusText } from '../components/status-text';
import { formatDateTime, formatRelativeTime } from '../format';

export type Trust = 'verified' | 'damaged' | 'unverified';

export function trustOf(p: PointView): Trust {
  if (p.verification && !p.verification.ok) return 'damaged';
  return p.verifiedAt ? 'verified' : 'unverified';
}

export function TrustText({ point, now, size = 'sm' }: { point: PointView; now: Date; size?: 'xs' | 'sm' }) {
  const trust = trustOf(point);
  if (trust === 'verified' && point.verifiedAt)
    return (
      <span title={`Every data blob re-read without damage at ${formatDateTime(point.verifiedAt)}`}>
        <StatusText tone="ok" size={size}>
          Verified {formatRelativeTime(point.verifiedAt, now)}
        </StatusText>
      </span>
    );
  if (trust === 'damaged')
    return (
      <StatusText tone="error" size={size}>
        Damaged
      </StatusText>
    );
  return (
    <StatusText tone="unknown" size={size}>
      Not verified
    </StatusText>
  );
}
