/** A control a capture can be tagged to. `framework` + `id` identify it. */
export interface Control {
  /** Control identifier as the framework writes it, e.g. `A.5.15` or `CC6.1`. */
  id: string;
  /** Short title in ProofTrail's own words. */
  title: string;
  /** Framework name, e.g. `ISO/IEC 27001:2022`. */
  framework: string;
}

export const ISO27001_2022 = 'ISO/IEC 27001:2022';
export const SOC2_TSC = 'SOC 2 (TSC 2017)';

/** Turns compact `[id, title]` rows into controls of one framework. */
export function rowsToControls(framework: string, rows: readonly (readonly [string, string])[]): Control[] {
  return rows.map(([id, title]) => ({ id, title, framework }));
}
