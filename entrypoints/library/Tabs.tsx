import type { LibraryContext, LibraryView } from './library-context';

/** The library's views as tabs (WAI-ARIA tabs: arrow keys, Home and End move between them). */
export function Tabs(props: {
  views: readonly LibraryView[];
  current: string;
  onSelect(id: string): void;
  ctx: LibraryContext;
}) {
  const { views, current } = props;
  const i = Math.max(
    0,
    views.findIndex((v) => v.id === current),
  );
  const view = views[i]!;
  const onKey = (e: KeyboardEvent) => {
    const to =
      e.key === 'ArrowRight'
        ? (i + 1) % views.length
        : e.key === 'ArrowLeft'
          ? (i - 1 + views.length) % views.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? views.length - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    props.onSelect(views[to]!.id);
    document.getElementById(`tab-${views[to]!.id}`)?.focus();
  };
  return (
    <>
      <div role="tablist" aria-label="Library views" class="tabs" onKeyDown={onKey}>
        {views.map((v) => (
          <button
            key={v.id}
            type="button"
            role="tab"
            id={`tab-${v.id}`}
            aria-selected={v.id === view.id}
            aria-controls={`panel-${v.id}`}
            tabIndex={v.id === view.id ? 0 : -1}
            onClick={() => props.onSelect(v.id)}
          >
            {v.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${view.id}`} aria-labelledby={`tab-${view.id}`} class="tab-panel">
        {view.render(props.ctx)}
      </div>
    </>
  );
}
