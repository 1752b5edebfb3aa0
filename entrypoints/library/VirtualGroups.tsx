import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { EvidenceStatus } from '../../lib/ledger/evidence-status';
import { CaptureGroup } from './CaptureGroup';
import type { LibraryItem } from './filter';
import { FrameBatch } from './frame-batch';
import {
  columnsFor,
  GROUP_GEOMETRY,
  groupBodyHeight,
  listTops,
  rowPitch,
  rowsBetween,
} from './group-geometry';
import type { RecordCache } from './record-cache';

/** How far below the viewport records are read ahead of the cards drawn, in viewports. */
const READ_AHEAD_VIEWPORTS = 4;
const G = GROUP_GEOMETRY;

/** The root font size in px (rem): read once, when first needed, and again after a resize. */
let rootFont: number | undefined;
const remPx = () => {
  rootFont ??= Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  return rootFont;
};

/**
 * Where the list is before anything was measured: its width estimated from the window (the
 * library is at most 1200 px wide with 20 px padding each side, library.css), its top at the
 * viewport's top and the page not scrolled. Measured for real once the browser has laid it out
 * (a ResizeObserver, before that first paint) and on every scroll.
 */
const estimatedWidth = () => Math.min(1200, innerWidth) - 40;

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

/** Where the groups' box is: its top below the viewport's top, and how tall the viewport is. */
interface Place {
  origin: number;
  viewport: number;
}

/**
 * The card rows to draw (a viewport above to two below the visible part) and those whose records
 * to read (to READ_AHEAD_VIEWPORTS below), per group, for lists at `tops` below the box's top.
 */
function windowsAt(
  groups: readonly [string, LibraryItem[]][],
  tops: readonly number[],
  cols: number,
  pitch: number,
  at: Place,
): { drawn: Windows; read: Windows } {
  const drawn: Record<string, [number, number]> = {};
  const read: Record<string, [number, number]> = {};
  const vh = at.viewport;
  groups.forEach(([id, items], i) => {
    const top = at.origin + tops[i]!;
    const rows = Math.ceil(items.length / cols);
    const d = rowsBetween(top, rows, pitch, -vh, 2 * vh);
    if (d) drawn[id] = d;
    const r = rowsBetween(top, rows, pitch, -vh, READ_AHEAD_VIEWPORTS * vh);
    if (r) read[id] = r;
  });
  return { drawn, read };
}

/** The IDs of the cards in these rows. */
function idsIn(windows: Windows, byId: ReadonlyMap<string, LibraryItem[]>, cols: number): string[] {
  const ids: string[] = [];
  for (const [controlId, [from, to]] of Object.entries(windows)) {
    const items = byId.get(controlId) ?? [];
    for (let i = from * cols; i < Math.min(items.length, (to + 1) * cols); i++) ids.push(items[i]!.id);
  }
  return ids;
}

/**
 * Every group with its heading and a list as tall as all its cards, cards rendered only in the
 * rows within a viewport's height of the visible part of the page (and the card with the keyboard
 * focus, so Tab and screen readers never lose it). Where each list is comes from the cards'
 * counts and fixed sizes (group-geometry.ts); only the box's width and top are measured, once the
 * browser has laid it out and on each scroll (once a frame), never by forcing a layout.
 */
export function VirtualGroups(p: VirtualGroupsProps) {
  const [cols, setCols] = useState(() => columnsFor(estimatedWidth()));
  const rem = remPx();
  const pitch = rowPitch(rem);
  const { tops, height } = useMemo(
    () =>
      listTops(
        p.groups.map(([, items]) => items.length),
        cols,
        rem,
      ),
    [p.groups, cols, rem],
  );
  const place = useRef<Place>({ origin: 0, viewport: innerHeight });
  const readWindows = useRef<Windows>({});
  const [windows, setWindows] = useState<Windows>(() => {
    const w = windowsAt(p.groups, tops, cols, pitch, place.current);
    readWindows.current = w.read;
    return w.drawn;
  });
  const [loaded, setLoaded] = useState(0);
  const [focus, setFocus] = useState<{ controlId: string; id: string }>();
  /** Set once the cards drawn have their records: never a list of empty cards. */
  const [shown, setShown] = useState(false);
  const first = useRef(false);
  const latest = useRef({ groups: p.groups, tops, cols, pitch });
  latest.current = { groups: p.groups, tops, cols, pitch };
  const container = useRef<HTMLDivElement>(null);

  /** The rows to draw for where the box is now (place.current). */
  const update = useCallback(() => {
    const l = latest.current;
    const w = windowsAt(l.groups, l.tops, l.cols, l.pitch, place.current);
    readWindows.current = w.read;
    setWindows((old) => (same(old, w.drawn) ? old : w.drawn));
  }, []);
  /** Reads where the box is and how wide (on scroll, in a frame; after a layout, from the observer). */
  const measure = useCallback(() => {
    const box = container.current;
    if (!box) return;
    const r = box.getBoundingClientRect();
    place.current = { origin: r.top, viewport: innerHeight };
    const c = columnsFor(box.clientWidth);
    if (c !== latest.current.cols) setCols(c);
    else update();
  }, []);
  // One render a frame: a scroll's new rows and the records that landed since the last frame.
  const batch = useMemo(
    () =>
      new FrameBatch<'measure' | 'records'>((kinds) => {
        if (kinds.has('measure')) measure();
        if (kinds.has('records')) setLoaded((n) => n + 1);
      }),
    [],
  );
  const schedule = useCallback(() => batch.ask('measure'), []);

  useEffect(() => {
    const onResize = () => {
      rootFont = undefined;
      schedule();
    };
    addEventListener('scroll', schedule, { passive: true });
    addEventListener('resize', onResize);
    // Called once the browser has laid the box out (before it paints that layout), and when its
    // width changes: the real width and top replace the estimates without a forced layout.
    const observer = new ResizeObserver(measure);
    if (container.current) observer.observe(container.current);
    return () => {
      observer.disconnect();
      removeEventListener('scroll', schedule);
      removeEventListener('resize', onResize);
      batch.cancel();
    };
  }, []);
  // After every change of the groups (filters, search) or of the columns, before the browser paints.
  const mounted = useRef(false);
  useLayoutEffect(() => {
    if (mounted.current) update();
    mounted.current = true;
  }, [p.groups, cols]);

  const byId = useMemo(() => new Map(p.groups), [p.groups]);
  const drawnIds = idsIn(windows, byId, cols);
  const ready = shown || drawnIds.every((id) => p.records.get(id));
  // The first meaningful render: the first cards drawn with their records (read ahead by the
  // page's first read, or by the effect below).
  useLayoutEffect(() => {
    if (!ready || first.current) return;
    first.current = true;
    setShown(true);
    p.onFirstRows?.();
  }, [ready]);

  // Read the records of the cards drawn and of the rows ahead: a card scrolled into the drawn rows
  // has its record already. The first paint waits for the drawn cards' records only; reading ahead
  // starts in idle time after it (or with the first scroll).
  const readAhead = useRef(false);
  useEffect(() => {
    if (!Object.keys(windows).length && p.groups.length) return;
    let live = true;
    let idle = 0;
    /** Reads these records; shown in the next frame's render (`now`: in a render of their own). */
    const read = async (ids: string[], now = false) => {
      const any = await p.records.load(ids);
      if (live && any) {
        if (now) setLoaded((n) => n + 1);
        else batch.ask('records');
      }
      return live;
    };
    const ahead = () => idsIn({ ...windows, ...readWindows.current }, byId, cols);
    if (readAhead.current) void read(ahead());
    else
      void read(drawnIds, true).then((still) => {
        if (!still) return;
        setShown(true);
        readAhead.current = true;
        idle = requestIdleCallback(() => void read(ahead()), { timeout: 500 });
      });
    return () => {
      live = false;
      cancelIdleCallback(idle);
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
      style={{
        '--card-h': `${G.cardRem}rem`,
        '--card-gap': `${G.gapPx}px`,
        '--group-head-h': `${G.headRem}rem`,
        '--group-gap': `${G.groupGapPx}px`,
        '--list-margin': `${G.listMarginPx}px`,
        visibility: ready ? undefined : 'hidden',
      }}
      data-height={Math.round(height)}
      aria-busy={!ready}
      data-status={p.status ? 'loaded' : 'reading'}
    >
      {p.groups.map(([controlId, items], i) => {
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
            top={tops[i]!}
            height={groupBodyHeight(items.length, cols, rem)}
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
