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
/** How far below the viewport records are read ahead of the cards drawn, in viewports. */
const READ_AHEAD_VIEWPORTS = 4;

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
  /** Hidden until the first cards in view have their records: never a list of empty cards. */
  const [shown, setShown] = useState(false);
  const frame = useRef(0);
  const first = useRef(false);
  const latest = useRef(p);
  latest.current = p;

  const register = useCallback((controlId: string, el: HTMLUListElement | null) => {
    if (el) lists.set(controlId, el);
    else lists.delete(controlId);
  }, []);

  /**
   * Where each list starts (px below the top of the groups) and the card pitch, measured after
   * every render that may move them; scrolling then reads one position, the groups' top.
   */
  /** The rows whose records are read: the drawn rows and those up to READ_AHEAD_VIEWPORTS below. */
  const readWindows = useRef<Windows>({});
  const layout = useRef<{ tops: Map<string, number>; pitch: number; cols: number }>();
  const container = useRef<HTMLDivElement>(null);
  const relayout = useCallback(() => {
    const any = lists.values().next().value as HTMLUListElement | undefined;
    const box = container.current;
    if (!any || !box) return;
    const origin = box.getBoundingClientRect().top;
    const c = Math.max(1, Math.floor((any.clientWidth + GAP_PX) / (CARD_MIN_PX + GAP_PX)));
    const rem = Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const tops = new Map<string, number>();
    for (const [id, el] of lists) tops.set(id, el.getBoundingClientRect().top - origin);
    layout.current = { tops, pitch: CARD_REM * rem + GAP_PX, cols: c };
  }, []);

  /** Which rows of which groups are within a viewport's height of the visible part of the page. */
  const measure = useCallback(() => {
    frame.current = 0;
    if (!layout.current) relayout();
    const l = layout.current;
    if (!l) return;
    const { groups } = latest.current;
    const vh = window.innerHeight;
    const origin = container.current?.getBoundingClientRect().top ?? 0;
    // Cards are drawn from a viewport above to two below; records are read to four below, so a
    // card scrolled into the drawn rows has its record already and is drawn once.
    const next: Record<string, [number, number]> = {};
    const read: Record<string, [number, number]> = {};
    for (const [id, items] of groups) {
      const at = l.tops.get(id);
      if (at === undefined) continue;
      const top = origin + at;
      const rows = Math.ceil(items.length / l.cols);
      const rowsIn = (above: number, below: number): [number, number] | undefined =>
        top + rows * l.pitch < above || top > below
          ? undefined
          : [
              Math.max(0, Math.floor((above - top) / l.pitch)),
              Math.min(rows - 1, Math.floor((below - top) / l.pitch)),
            ];
      const drawn = rowsIn(-vh, 2 * vh);
      if (drawn) next[id] = drawn;
      const ahead = rowsIn(-vh, READ_AHEAD_VIEWPORTS * vh);
      if (ahead) read[id] = ahead;
    }
    readWindows.current = read;
    setCols((old) => (old === l.cols ? old : l.cols));
    setWindows((old) => (same(old, next) ? old : next));
  }, []);
  const schedule = useCallback(() => {
    frame.current ||= requestAnimationFrame(measure);
  }, []);

  useEffect(() => {
    const onResize = () => {
      layout.current = undefined;
      schedule();
    };
    addEventListener('scroll', schedule, { passive: true });
    addEventListener('resize', onResize);
    return () => {
      removeEventListener('scroll', schedule);
      removeEventListener('resize', onResize);
      cancelAnimationFrame(frame.current);
    };
  }, []);
  // After every change of the groups (filters, search), measure before the browser paints.
  useLayoutEffect(() => {
    relayout();
    measure();
  }, [p.groups, cols]);

  // Read the records of the cards in view, then show them.
  const byId = useMemo(() => new Map(p.groups), [p.groups]);
  useEffect(() => {
    const ids: string[] = [];
    // The first paint waits for the drawn cards' records only; reading ahead starts after it.
    const reading = first.current ? { ...windows, ...readWindows.current } : windows;
    for (const [controlId, [from, to]] of Object.entries(reading)) {
      const items = byId.get(controlId) ?? [];
      for (let i = from * cols; i < Math.min(items.length, (to + 1) * cols); i++) ids.push(items[i]!.id);
    }
    if (!Object.keys(windows).length && p.groups.length) return;
    let live = true;
    void p.records.load(ids).then((any) => {
      if (!live) return;
      if (any) setLoaded((n) => n + 1);
      if (!first.current) {
        first.current = true;
        setShown(true);
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
    <div
      class="groups"
      ref={container}
      onFocusIn={onFocusIn}
      style={shown ? undefined : { visibility: 'hidden' }}
      aria-busy={!shown}
      data-status={p.status ? 'loaded' : 'reading'}
    >
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
