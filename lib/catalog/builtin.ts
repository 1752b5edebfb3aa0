import { iso27001Controls } from './iso27001';
import { soc2Controls } from './soc2';
import type { Control } from './types';

/** Every control that ships with the extension. */
export const builtinControls: readonly Control[] = [...iso27001Controls, ...soc2Controls];

/** Names of the frameworks that ship with the extension (custom imports may not reuse them). */
export const builtinFrameworks: ReadonlySet<string> = new Set(builtinControls.map((c) => c.framework));
