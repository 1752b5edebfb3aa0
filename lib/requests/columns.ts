// The columns of an auditor's request list (PBC list), matched case-insensitively by name with the
// synonyms auditors and the Secure Controls Framework's Evidence Request List (ERL) use.
// docs/requests-format.md lists them; keep the two in step.

/** A field of a request, and the column names (lower case, spaces collapsed) that give it. */
export const REQUEST_COLUMNS = {
  id: ['request id', 'request #', 'request no', 'pbc #', 'pbc id', 'id', 'erl #'],
  controls: [
    'control',
    'controls',
    'control ref',
    'control reference',
    'tsc ref',
    'control id',
    'scf control mappings',
  ],
  title: ['title', 'documentation artifact', 'artifact title'],
  description: ['description', 'request', 'artifact description'],
  owner: ['owner', 'assignee'],
  due: ['due', 'due date'],
  samples: ['samples', 'sample items'],
} as const;

export type RequestField = keyof typeof REQUEST_COLUMNS;

/** A header cell as it is compared: trimmed, lower case, inner spaces collapsed. */
export const normalizeHeader = (cell: string) => cell.trim().toLowerCase().replace(/\s+/g, ' ');

/** The field a header cell gives, if any. */
export function fieldOfHeader(cell: string): RequestField | undefined {
  const name = normalizeHeader(cell);
  for (const [field, names] of Object.entries(REQUEST_COLUMNS) as [RequestField, readonly string[]][])
    if (names.includes(name)) return field;
  return undefined;
}

/** Where each field is in a header row, or the problems with it (a field given twice, ID or control missing). */
export function mapHeader(
  cells: string[],
): { ok: true; columns: Partial<Record<RequestField, number>> } | { ok: false; problems: string[] } {
  const columns: Partial<Record<RequestField, number>> = {};
  const problems: string[] = [];
  cells.forEach((cell, i) => {
    const field = fieldOfHeader(cell);
    if (!field) return;
    const seen = columns[field];
    if (seen !== undefined)
      problems.push(
        `columns "${cells[seen]!.trim()}" and "${cell.trim()}" both give the ${FIELD_NAMES[field]}`,
      );
    else columns[field] = i;
  });
  const shown = cells.map((c) => `"${c.trim()}"`).join(', ');
  if (columns.id === undefined)
    problems.push(
      `no request ID column (accepted: ${REQUEST_COLUMNS.id.map(title).join(', ')}); the header is ${shown}`,
    );
  if (columns.controls === undefined)
    problems.push(
      `no control column (accepted: ${REQUEST_COLUMNS.controls.map(title).join(', ')}); the header is ${shown}`,
    );
  return problems.length ? { ok: false, problems } : { ok: true, columns };
}

/** Words for a field in messages. */
export const FIELD_NAMES: Record<RequestField, string> = {
  id: 'request ID',
  controls: 'control reference',
  title: 'title',
  description: 'description',
  owner: 'owner',
  due: 'due date',
  samples: 'samples',
};

const title = (name: string) => `"${name.replace(/\b\w/g, (c) => c.toUpperCase())}"`;
