import type { LibraryFilter } from './filter';

/** Props of the library's filter bar. */
export interface FiltersProps {
  value: LibraryFilter;
  controlIds: string[];
  onChange(next: LibraryFilter): void;
}

/** Filter by control, date range and URL. */
export function Filters({ value, controlIds, onChange }: FiltersProps) {
  const set = (patch: Partial<LibraryFilter>) => onChange({ ...value, ...patch });
  return (
    <form class="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <div class="field">
        <label for="filter-control">Control</label>
        <select
          id="filter-control"
          value={value.controlId}
          onChange={(e) => set({ controlId: e.currentTarget.value })}
        >
          <option value="">All controls</option>
          {controlIds.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </div>
      <label>
        From
        <input type="date" value={value.from} onInput={(e) => set({ from: e.currentTarget.value })} />
      </label>
      <label>
        To
        <input type="date" value={value.to} onInput={(e) => set({ to: e.currentTarget.value })} />
      </label>
      <label>
        URL contains
        <input
          type="search"
          value={value.urlContains}
          onInput={(e) => set({ urlContains: e.currentTarget.value })}
        />
      </label>
      <button type="button" onClick={() => onChange({ controlId: '', from: '', to: '', urlContains: '' })}>
        Clear filters
      </button>
    </form>
  );
}
