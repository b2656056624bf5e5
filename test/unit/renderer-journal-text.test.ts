import { describe, expect, it } from 'vitest';
import { journalSubject } from '../../renderer/src/pages/journal-text';

const uuid = '9825e56a-978e-4b5b-a920-4c4c3e44cfbc';
const sha = 'e2e1bce9'.padEnd(64, '0');

describe('journal subjects in words', () => {
  it('says what an id stands for, from the entry itself, with the id short beside it', () => {
    expect(
      journalSubject({ action: 'job.failed', subject: uuid, details: { title: 'Restore web-2:/var/www' } }),
    ).toEqual({ text: 'Restore web-2:/var/www', id: '9825e56a' });
    expect(
      journalSubject({ action: 'point.recorded', subject: sha, details: { scope: 'server:web-1:/etc' } }),
    ).toEqual({ text: 'Restore point of server:web-1:/etc', id: 'e2e1bce9' });
    expect(
      journalSubject({
        action: 'restore.undone',
        subject: 'r1a2b3c4d5e6f7a8b9',
        details: { destination: 'server:web-1:/etc' },
      }),
    ).toEqual({ text: 'Restore into server:web-1:/etc, undone', id: 'r1a2b3c4d5e6f7a8b9' });
    expect(
      journalSubject({ action: 'run.started', subject: uuid, details: { system: 'billing', mode: 'drill' } }),
    ).toEqual({ text: 'Drill of billing', id: '9825e56a' });
  });

  it('keeps the subject as it is when it is already a name, or the details say nothing', () => {
    expect(journalSubject({ action: 'server.added', subject: 'web-1', details: {} })).toEqual({
      text: 'web-1',
    });
    expect(journalSubject({ action: 'job.started', subject: uuid, details: { title: 42 } })).toEqual({
      text: uuid,
    });
  });
});
