import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { EvidenceStatus } from '../../lib/ledger/evidence-status';
import { CaptureGroup } from './CaptureGroup';
import type { LibraryItem } from './filter';
import type { RecordCache } from './record-cache';

/** The narrowest a card gets and the gap between cards (library.css `.cards`). */
const CARD_MIN_PX = 220;
const GAP_PX = 12;
/** A card's height in rem (library.css `--card-h`). */
const CARD_REM = 17;

/** Props of the grouped, virtualised list of captures. */
export interface VirtualGroupsProps {
  groups: [string, LibraryItem[]][];
  titles: ReadonlyMap<string, string>;
  records: RecordCache;
  status?: Map<string, EvidenceStatus>;
  found?: Map<string, string[]>;
  onOpen(id: string): void;
  onExport(controlId: string): void;
  /** Called once, after the first group's first cards were rendered with their records. */
  onFirstRows?(): void;
}

type Windows = Record<string, readonly [number, number]>;

/**
 * Every group with its heading and a list as tall as all its cards, cards rendered only in the
 * rows within a viewport's height of the visible part of the page (and the card with the keyboard
 * focus, so Tab and screen readers never lose it). Scrolling re-measures the lists once a frame.
 */
export function VirtualGroups(p: VirtualGroupsProps) {
  const lists = useRef(new Map<string, HTMLUListElement>()).current;
  const [windows, setWindows] = useState<Windows>({});
  const [cols, setCols] = useState(4);
  const [loaded, setLoaded] = useState(0);
  const [focus, setFocus] = useState<{ controlId: string; id: string }>();
  const frame = useRef(0);
  const first = useRef(false);
  const latest = useRef(p);
  latest.current = p;

  const register = useCallback((controlId: string, el: HTMLUListElement | null) => {
    if (el) lists.set(controlId, el);
    else lists.delete(controlId);
  }, []);

  /** Which rows of which groups are near the viewport now. */
  const measure = useCallback(() => {
    frame.current = 0;
    const { groups } = latest.current;
    const any = lists.values().next().value as HTMLUListElement | undefined;
    if (!any) return;
    const width = any.clientWidth;
    const c = Math.max(1, Math.floor((width + GAP_PX) / (CARD_MIN_PX + GAP_PX)));
    const rem = Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const pitch = CARD_REM * rem + GAP_PX;
    const vh = window.innerHeight;
    const next: Record<string, [number, number]> = {};
    for (const [id, items] of groups) {
      const el = lists.get(id);
      if (!el) continue;
      const top = el.getBoundingClientRect().top;
      const rows = Math.ceil(items.length / c);
      if (top + rows * pitch < -vh || top > 2 * vh) continue;
      next[id] = [
        Math.max(0, Math.floor((-vh - top) / pitch)),
        Math.min(rows - 1, Math.floor((2 * vh - top) / pitch)),
      ];
    }
    setCols((old) => (old === c ? old : c));
    setWindows((old) => (same(old, next) ? old : next));
  }, []);
  const schedule = useCallback(() => {
    frame.current ||= requestAnimationFrame(measure);
  }, []);

  useEffect(() => {
    addEventListener('scroll', schedule, { passive: true });
    addEventListener('resize', schedule);
    return () => {
      removeEventListener('scroll', schedule);
      removeEventListener('resize', schedule);
      cancelAnimationFrame(frame.current);
    };
  }, []);
  // After every change of the groups (filters, search), measure before the browser paints.
  useLayoutEffect(measure, [p.groups, cols]);

  // Read the records of the cards in view, then show them.
  const byId = useMemo(() => new Map(p.groups), [p.groups]);
  useEffect(() => {
    const ids: string[] = [];
    for (const [controlId, [from, to]] of Object.entries(windows)) {
      const items = byId.get(controlId) ?? [];
      for (let i = from * cols; i < Math.min(items.length, (to + 1) * cols); i++) ids.push(items[i]!.id);
    }
    let live = true;
    void p.records.load(ids).then((any) => {
      if (live && any) setLoaded((n) => n + 1);
      if (live && !first.current && ids.length) {
        first.current = true;
        p.onFirstRows?.();
      }
    });
    return () => {
      live = false;
    };
  }, [windows, byId, cols]);

  const onFocusIn = (e: FocusEvent) => {
    const li = (e.target as Element).closest<HTMLElement>('li[data-id]');
    const section = li?.closest<HTMLElement>('section.group');
    const id = li?.dataset.id;
    const controlId = section?.dataset.control;
    if (id && controlId && (focus?.id !== id || focus.controlId !== controlId)) setFocus({ controlId, id });
  };

  return (
    <div class="groups" onFocusIn={onFocusIn}>
      {p.groups.map(([controlId, items]) => {
        const w = windows[controlId];
        return (
          <CaptureGroup
            key={controlId}
            controlId={controlId}
            title={p.titles.get(controlId) ?? ''}
            items={items}
            cols={cols}
            from={w ? w[0] : 0}
            to={w ? w[1] : -1}
            keep={focus?.controlId === controlId ? focus.id : undefined}
            records={p.records}
            loaded={w ? loaded : 0}
            status={p.status}
            found={p.found}
            register={register}
            onOpen={p.onOpen}
            onExport={p.onExport}
          />
        );
      })}
    </div>
  );
}

function same(a: Windows, b: Windows): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k]?.[0] === a[k]![0] && b[k]?.[1] === a[k]![1]);
}
