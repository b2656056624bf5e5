import type { Handlers, Services } from './types';

export const journalHandlers = (s: Services): Handlers<'journal.list' | 'journal.verify'> => ({
  'journal.list': ({ limit, beforeSeq }) => ({
    entries: s.journal.list({ limit, ...(beforeSeq ? { beforeSeq } : {}) }),
    headHash: s.journal.headHash(),
  }),
  'journal.verify': () => s.journal.verify(),
});
