import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { selectorLines } from '../../components/selector-lines';
import { getDb } from '../../lib/db/database';
import { getTsaSettings, setTsaSettings, suggestedTsas, tsaUrlProblem } from '../../lib/db/tsa-settings-repo';
import { FormStatus } from './FormStatus';

/** Asks for access to a TSA's origin (only the hash of an entry is ever sent there). */
async function ensureOriginAccess(url: string): Promise<boolean> {
  // Match patterns carry no port: http://127.0.0.1/* covers every port of that host.
  const u = new URL(url);
  const origins = [`${u.protocol}//${u.hostname}/*`];
  if (await browser.permissions.contains({ origins })) return true;
  return browser.permissions.request({ origins });
}

/** RFC 3161 Time-Stamp Authorities: none by default; suggestions offered. */
export function TsaSettingsForm() {
  const db = getDb();
  const [urls, setUrls] = useState<string>();
  const [minutes, setMinutes] = useState('2');
  const [status, setStatus] = useState<{ ok: boolean; lines: string[] }>();
  useEffect(() => {
    void getTsaSettings(db).then((s) => {
      setUrls(s.urls.join('\n'));
      setMinutes(String(s.skewThresholdMs / 60_000));
    });
  }, []);
  if (urls === undefined) return null;
  const save = async (e: Event) => {
    e.preventDefault();
    const list = selectorLines(urls);
    const bad = list.map(tsaUrlProblem).filter((p): p is string => !!p);
    if (bad.length) return setStatus({ ok: false, lines: bad });
    try {
      for (const url of list) {
        if (!(await ensureOriginAccess(url)))
          return setStatus({
            ok: false,
            lines: [`Access to ${new URL(url).origin} was not granted, so it cannot timestamp.`],
          });
      }
      await setTsaSettings(db, { urls: list, skewThresholdMs: Math.round(Number(minutes) * 60_000) });
      setStatus({ ok: true, lines: ['Timestamp authorities saved. New ledger entries will be stamped.'] });
    } catch (err) {
      setStatus({ ok: false, lines: (err as Error).message.split('\n') });
    }
  };
  return (
    <section aria-labelledby="tsa-heading">
      <h2 id="tsa-heading">Trusted timestamps</h2>
      <p class="muted">
        Each ledger entry can be stamped by RFC 3161 Time-Stamp Authorities. Only the SHA-256 of the entry is
        sent. A TSA that is down is retried later; captures never wait for it.
      </p>
      <form class="capture-settings" onSubmit={save} aria-label="Timestamp authorities" noValidate>
        <label>
          TSA addresses (one per line)
          <textarea class="mono" rows={3} value={urls} onInput={(e) => setUrls(e.currentTarget.value)} />
        </label>
        <div class="row">
          {suggestedTsas.map((t) => (
            <button
              key={t.url}
              type="button"
              onClick={() => setUrls([urls.trim(), t.url].filter(Boolean).join('\n'))}
            >
              Add {t.name}
            </button>
          ))}
        </div>
        <label>
          Flag a clock difference over (minutes)
          <input
            type="number"
            min={0.1}
            step={0.5}
            value={minutes}
            onInput={(e) => setMinutes(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="primary">
          Save timestamp authorities
        </button>
        <FormStatus status={status} class="capture-status" />
      </form>
    </section>
  );
}
