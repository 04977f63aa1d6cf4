import { z } from 'zod';

// zod probes for `new Function` to compile fast parsers; under our CSP (no 'unsafe-eval') the
// probe is refused and reported as a violation on every page that parses. Plain parsing is
// fast enough for what the browser checks, and keeps the report clean.
z.config({ jitless: true });
