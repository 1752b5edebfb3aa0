import { useEffect, useState } from 'preact/hooks';
import { PopupHead } from './PopupHead';
import { findTargetTab, type TargetTab } from './target-tab';

/**
 * What the popup paints before its database and form code have loaded (main.tsx): the heading, the
 * links and the page to capture, read from the browser, not the database. The form replaces the
 * busy line once App has loaded; it shows the same heading and page, so nothing moves.
 */
export function Shell() {
  const [target, setTarget] = useState<TargetTab>();
  const [error, setError] = useState('');
  useEffect(() => {
    findTargetTab().then(setTarget, (e: Error) => setError(e.message));
  }, []);
  return (
    <main class="popup" aria-busy="true">
      <PopupHead target={target} error={error} />
      <p class="muted">Loading…</p>
    </main>
  );
}
