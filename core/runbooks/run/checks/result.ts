// What every health check reports (the contract's CheckResult).
import type { z } from 'zod';
import type { CheckResult as Schema } from '../../../api/schemas/runs';

export type CheckResult = z.infer<typeof Schema>;
