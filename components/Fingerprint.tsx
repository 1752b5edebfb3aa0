import { useEffect, useRef, useState } from 'preact/hooks';
import { groupFingerprint } from '../lib/formats/signers-file';
import './fingerprint.css';

/**
 * A key's fingerprint as people compare it: groups of 4 characters, monospace. The whole value is
 * in `data-fingerprint` and the title; copying the text gives the grouped form, which every
 * fingerprint field in ProofTrail reads back.
 */
export function Fingerprint({ value, testId }: { value: string; testId?: string }) {
  return (
    <code class="fingerprint" data-fingerprint={value} data-testid={testId} title={value}>
      {groupFingerprint(value)}
    </code>
  );
}

/** Copies a text to the clipboard and says so ("Copied"), or says how to copy by hand. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    clearTimeout(timer.current);
    setStatus(undefined);
    try {
      await navigator.clipboard.writeText(text);
      setStatus({ ok: true, text: 'Copied' });
      timer.current = setTimeout(() => setStatus(undefined), 8000);
    } catch {
      setStatus(
        copyWithSelection(text)
          ? { ok: true, text: 'Copied' }
          : { ok: false, text: 'Could not copy: select the fingerprint and press Ctrl+C (⌘C on a Mac).' },
      );
    }
  };
  return (
    <span class="copy">
      <button type="button" onClick={() => void copy()} aria-label={label}>
        Copy
      </button>
      <span role="status" class={status?.ok === false ? 'copy-status error' : 'copy-status ok'}>
        {status?.text}
      </span>
    </span>
  );
}

/** The older way, for a page the Clipboard API refuses (not focused, no permission). */
function copyWithSelection(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
