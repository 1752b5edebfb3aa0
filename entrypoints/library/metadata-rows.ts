/** Flattens a record into `[dotted.field, text]` rows so every field can be shown, nested ones too. */
export function metadataRows(value: unknown, prefix = ''): [string, string][] {
  if (value === null || typeof value !== 'object') return [[prefix || '(value)', String(value)]];
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null))
    return [[prefix, value.join(', ')]];
  return Object.entries(value).flatMap(([k, v]) => {
    const key = prefix ? (Array.isArray(value) ? `${prefix}[${k}]` : `${prefix}.${k}`) : k;
    return v !== null && typeof v === 'object'
      ? metadataRows(v, key)
      : [[key, String(v)] as [string, string]];
  });
}
