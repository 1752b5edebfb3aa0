import { useEffect, useRef, useState } from 'preact/hooks';
import { getImage, getPreview } from '../lib/db/captures-repo';
import { getDb } from '../lib/db/database';

/** Props of a capture image loaded from the database. */
export interface CapturePreviewProps {
  captureId: string;
  alt: string;
  /** `thumbnail` uses the small preview when there is one; `full` always the stored PNG. */
  size?: 'thumbnail' | 'full';
  class?: string;
  /** Read the image only once its place comes near the viewport (long lists). */
  lazy?: boolean;
}

/** How far outside the viewport a lazy image starts loading, and how long it must stay there. */
const LAZY_MARGIN = '300px 0px';
const LAZY_SETTLE_MS = 100;
let observer: IntersectionObserver | undefined;
const watched = new Map<Element, { fn: () => void; timer?: ReturnType<typeof setTimeout> }>();

/**
 * Calls `fn` once `el` has been near the viewport for LAZY_SETTLE_MS (one observer for every lazy
 * image): a list flung past at speed reads no image until it settles. Returns a cancel.
 */
function whenNearViewport(el: Element, fn: () => void): () => void {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        const w = watched.get(e.target);
        if (!w) continue;
        clearTimeout(w.timer);
        if (!e.isIntersecting) continue;
        w.timer = setTimeout(() => {
          observer?.unobserve(e.target);
          watched.delete(e.target);
          w.fn();
        }, LAZY_SETTLE_MS);
      }
    },
    { rootMargin: LAZY_MARGIN },
  );
  watched.set(el, { fn });
  observer.observe(el);
  return () => {
    clearTimeout(watched.get(el)?.timer);
    observer?.unobserve(el);
    watched.delete(el);
  };
}

/**
 * Blob URLs of previews shown in long lists, kept for the most recent LAZY_CACHE captures: a card
 * scrolled out and back in shows its image again without reading and registering it anew.
 */
const LAZY_CACHE = 400;
const cached = new Map<string, string>();
function remember(captureId: string, url: string): void {
  cached.set(captureId, url);
  if (cached.size <= LAZY_CACHE) return;
  const [oldest, old] = cached.entries().next().value as [string, string];
  cached.delete(oldest);
  URL.revokeObjectURL(old);
}

/** Shows a stored capture's image through a Blob URL, released on unmount (lazy previews: when evicted). */
export function CapturePreview({
  captureId,
  alt,
  size = 'thumbnail',
  class: cls,
  lazy,
}: CapturePreviewProps) {
  const shared = lazy && size === 'thumbnail';
  const [url, setUrl] = useState<string | undefined>(() => (shared ? cached.get(captureId) : undefined));
  const placeholder = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let objectUrl: string | undefined;
    let live = true;
    const known = shared ? cached.get(captureId) : undefined;
    if (known) {
      setUrl(known);
      return;
    }
    const load = () =>
      void (size === 'full' ? getImage : getPreview)(getDb(), captureId).then((blob) => {
        if (!blob || !live) return;
        const made = URL.createObjectURL(blob);
        // A shared URL is released when it leaves the cache, not when this card goes.
        if (shared) remember(captureId, made);
        else objectUrl = made;
        setUrl(made);
      });
    let cancel: (() => void) | undefined;
    if (lazy && placeholder.current) cancel = whenNearViewport(placeholder.current, load);
    else load();
    return () => {
      live = false;
      cancel?.();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [captureId, size]);
  return url ? (
    <img class={cls} src={url} alt={alt} />
  ) : (
    <span
      ref={placeholder}
      class={`${cls ?? ''} img-placeholder`}
      // A decorative image (empty alt) is hidden from assistive technology until it loads, too.
      {...(alt ? { role: 'img', 'aria-label': alt } : { 'aria-hidden': true })}
    />
  );
}
