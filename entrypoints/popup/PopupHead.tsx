import { useLayoutEffect } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { TargetTab } from './target-tab';

let marked = false;

/** The popup's heading, its links and the page a capture will be taken of. */
export function PopupHead({ target, error }: { target?: TargetTab; error?: string }) {
  // The bench's mark `popup:shell`: the page to capture (or why there is none) painted, once.
  // Scheduled as `popup:ready` is (App.tsx), from the commit that shows it, so the two marks
  // come in the order the browser painted them; a plain effect ran a frame late, after the
  // form's mark when the form followed at once (seen under load in CI).
  const known = Boolean(target || error);
  useLayoutEffect(() => {
    if (!known || marked) return;
    marked = true;
    requestAnimationFrame(() => setTimeout(() => performance.mark('popup:shell')));
  }, [known]);
  return (
    <>
      <header class="popup-head">
        <h1>ProofTrail</h1>
        <nav aria-label="ProofTrail pages">
          <a href={browser.runtime.getURL('/library.html')} target="_blank" rel="noreferrer">
            Evidence library
          </a>
          <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
            Settings
          </a>
        </nav>
      </header>
      <p class="target" title={target?.url}>
        {error ? (
          <span class="error">{error}</span>
        ) : (
          <>
            Page: <strong>{target?.title || target?.url || '…'}</strong>
          </>
        )}
      </p>
    </>
  );
}
