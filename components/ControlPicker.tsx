import { useMemo, useRef, useState } from 'preact/hooks';
import { createControlSearch } from '../lib/catalog/search';
import type { Control } from '../lib/catalog/types';

/** Props of the control picker. */
export interface ControlPickerProps {
  controls: Control[];
  selected: string[];
  onChange(ids: string[]): void;
}

/** Fuzzy search over controls with checkboxes; the picked ones show as removable chips. */
export function ControlPicker({ controls, selected, onChange }: ControlPickerProps) {
  const [query, setQuery] = useState('');
  const search = useMemo(() => createControlSearch(controls), [controls]);
  const results = useMemo(() => search(query, 30), [search, query]);
  const byId = useMemo(() => new Map(controls.map((c) => [c.id, c])), [controls]);
  const toggle = (id: string) =>
    onChange(selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id]);
  const searchRef = useRef<HTMLInputElement>(null);
  /**
   * Removes a chip from its own button: the keyboard moves on to the chip that takes its place
   * (the one after, else the one before), or to the search box when none is left.
   */
  const removeChip = (id: string, button: HTMLButtonElement) => {
    const list = button.closest('ul');
    const buttons = [...(list?.querySelectorAll<HTMLButtonElement>('.chip-remove') ?? [])];
    const at = buttons.indexOf(button);
    toggle(id);
    requestAnimationFrame(() => {
      const left = [...(list?.querySelectorAll<HTMLButtonElement>('.chip-remove') ?? [])];
      const next = list?.isConnected ? (left[at] ?? left[at - 1]) : undefined;
      (next ?? searchRef.current)?.focus();
    });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && results[0]) {
      e.preventDefault();
      if (!selected.includes(results[0].id)) onChange([...selected, results[0].id]);
      setQuery('');
    }
  };
  return (
    <fieldset class="picker">
      <legend>Controls</legend>
      {selected.length > 0 && (
        <ul class="chips" aria-label="Selected controls">
          {selected.map((id) => (
            <li key={id} class="chip">
              <span title={byId.get(id)?.title}>{id}</span>
              <button
                type="button"
                class="chip-remove"
                aria-label={`Remove ${id}`}
                onClick={(e) => removeChip(id, e.currentTarget)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <label class="visually-hidden" for="control-search">
        Find controls by ID or words
      </label>
      <input
        id="control-search"
        ref={searchRef}
        type="search"
        placeholder="Find a control: A.5.18, CC6.3, access review…"
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        aria-describedby="control-search-help"
        autoFocus
      />
      <p id="control-search-help" class="muted small">
        Enter adds the top match. {results.length} shown.
      </p>
      <ul class="results" aria-label="Matching controls">
        {results.map((c) => (
          <li key={c.id}>
            <label class="result">
              <input type="checkbox" checked={selected.includes(c.id)} onChange={() => toggle(c.id)} />
              <span class="result-id mono">{c.id}</span>
              <span class="result-title">{c.title}</span>
              <span class="result-fw muted">{c.framework}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
