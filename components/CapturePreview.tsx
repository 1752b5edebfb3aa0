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

/** How far outside the viewport a lazy image starts loading. */
const LAZY_MARGIN = '300px 0px';
let observer: IntersectionObserver | undefined;
const onVisible = new Map<Element, () => void>();

/** Calls `fn` once `el` comes near the viewport (one observer for every lazy image); returns a cancel. */
function whenNearViewport(el: Element, fn: () => void): () => void {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        const call = onVisible.get(e.target);
        observer?.unobserve(e.target);
        onVisible.delete(e.target);
        call?.();
      }
    },
    { rootMargin: LAZY_MARGIN },
  );
  onVisible.set(el, fn);
  observer.observe(el);
  return () => {
    observer?.unobserve(el);
    onVisible.delete(el);
  };
}

/** Shows a stored capture's image through a Blob URL that is released on unmount. */
export function CapturePreview({
  captureId,
  alt,
  size = 'thumbnail',
  class: cls,
  lazy,
}: CapturePreviewProps) {
  const [url, setUrl] = useState<string>();
  const placeholder = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let objectUrl: string | undefined;
    let live = true;
    const load = () =>
      void (size === 'full' ? getImage : getPreview)(getDb(), captureId).then((blob) => {
        if (!blob || !live) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
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
    <span ref={placeholder} class={`${cls ?? ''} img-placeholder`} role="img" aria-label={alt} />
  );
}
