// A journal entry's subject in words: what the id stands for, from the entry's own details (the
// job's title, the point's scope, the restore's destination, the run's system), with the id kept
// short beside it. Entries about the estate already name their subject. No React (tests:
// test/unit/renderer-journal-text.test.ts).
import type { JournalEntry } from '../../../core/api/contract';

export interface SubjectText {
  /** What the subject is, for people. */
  text: string;
  /** The subject's id when `text` does not show it: shortened; the entry keeps it whole. */
  id?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const short = (id: string) => (/^[0-9a-f-]{16,}$/i.test(id) ? id.slice(0, 8) : id);
const modes: Record<string, string> = { incident: 'Incident run', drill: 'Drill', rehearsal: 'Rehearsal' };

export function journalSubject(e: Pick<JournalEntry, 'action' | 'subject' | 'details'>): SubjectText {
  const d = e.details;
  const area = e.action.split('.')[0];
  const withId = (text: string | undefined): SubjectText =>
    text ? { text, id: short(e.subject) } : { text: e.subject };
  switch (area) {
    case 'job':
      return withId(str(d.title));
    case 'point': {
      const scope = str(d.scope);
      return withId(scope ? `Restore point of ${scope}` : undefined);
    }
    case 'restore': {
      const to = str(d.destination);
      if (e.action === 'restore.undone') return withId(to ? `Restore into ${to}, undone` : undefined);
      return withId(to ? `Restore into ${to}` : undefined);
    }
    case 'run': {
      const system = str(d.system);
      const mode = modes[str(d.mode) ?? ''] ?? 'Run';
      return withId(system ? `${mode} of ${system}` : undefined);
    }
    default:
      return { text: e.subject };
  }
}
