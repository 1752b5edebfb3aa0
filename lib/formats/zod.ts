import { z } from 'zod';

// Extension pages forbid eval by CSP; tell zod not to try compiling validators with `Function`.
z.config({ jitless: true });

export { z };
