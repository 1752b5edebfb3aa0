import { useEffect, useState } from 'preact/hooks';
import { getImage, getPreview } from '../lib/db/captures-repo';
import { getDb } from '../lib/db/database';

/** Props of a capture image loaded from the database. */
export interface CapturePreviewProps {
  captureId: string;
  alt: string;
  /** `thumbnail` uses the small preview when there is one; `full` always the stored PNG. */
  size?: 'thumbnail' | 'full';
  class?: string;
}

/** Shows a stored capture's image through a Blob URL that is released on unmount. */
export function CapturePreview({ captureId, alt, size = 'thumbnail', class: cls }: CapturePreviewProps) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    let objectUrl: string | undefined;
    let live = true;
    const load = size === 'full' ? getImage : getPreview;
    void load(getDb(), captureId).then((blob) => {
      if (!blob || !live) return;
      objectUrl = URL.createObjectURL(blob);
      setUrl(objectUrl);
    });
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [captureId, size]);
  return url ? (
    <img class={cls} src={url} alt={alt} />
  ) : (
    <span class={`${cls ?? ''} img-placeholder`} role="img" aria-label={alt} />
  );
}
