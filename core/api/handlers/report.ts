import { buildReport } from '../../journal/report/build';
import type { Handlers, Services } from './types';

export const reportHandlers = (s: Services): Handlers<'report.build'> => ({
  'report.build': (input) => buildReport(s, input),
});
