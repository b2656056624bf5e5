// Must be imported before anything that builds zod schemas (the contract). zod 4 probes
// `new Function` to decide on a faster parser; under our CSP (script-src 'self', no eval) that
// probe is reported as a CSP violation in the console. jitless skips the probe.
import { z } from 'zod';

z.config({ jitless: true });
