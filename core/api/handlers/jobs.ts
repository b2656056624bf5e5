import type { Handlers, Services } from './types';

export const jobsHandlers = (s: Services): Handlers<'jobs.list' | 'jobs.get' | 'jobs.cancel'> => ({
  'jobs.list': ({ states, limit }) => ({
    jobs: s.jobs.list({ ...(states ? { states } : {}), limit }),
  }),
  'jobs.get': ({ id }) => ({ job: s.jobs.get(id) }),
  'jobs.cancel': ({ id }) => ({ job: s.jobs.cancel(id) }),
});
