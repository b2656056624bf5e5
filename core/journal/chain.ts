// The hash chain: each entry's hash is the SHA-256 of its canonical content, which includes the
// previous entry's hash (the genesis hash for the first entry).
import { createHash } from 'node:crypto';
import type { JournalEntry } from '../api/contract';
import { canonicalJson } from '../util/canonical-json';

export const genesisHash = '0'.repeat(64);

export function entryHash(e: Omit<JournalEntry, 'hash'>): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        seq: e.seq,
        at: e.at,
        actor: e.actor,
        action: e.action,
        subject: e.subject,
        details: e.details,
        prevHash: e.prevHash,
      }),
    )
    .digest('hex');
}
