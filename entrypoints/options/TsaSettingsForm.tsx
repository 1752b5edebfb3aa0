import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { selectorLines } from '../../components/selector-lines';
import { getDb } from '../../lib/db/database';
import {
  getTsaSettings,
  recommendedTsa,
  setTsaSettings,
  suggestedTsas,
  tsaRootsProblem,
  tsaUrlProblem,
} from '../../lib/db/tsa-settings-repo';
import { sendMessage } from '../../lib/messaging/client';
import { certificatesFromPem } from '../../lib/tsa/pem';
import { chooseTsa, queueUnstamped, tsaOriginPattern } from '../../lib/tsa/stamping-status';
import { FormStatus } from './FormStatus';

/** Asks for access to a TSA's origin (only the hash of an entry is ever sent there). */
async function ensureOriginAccess(url: string): Promise<boolean> {
  // Match patterns carry no port: http://127.0.0.1/* covers every port of that host.
  const origins = [tsaOriginPattern(url)];
  if (await browser.permissions.contains({ origins })) return true;
  return browser.permissions.request({ origins });
}

/** Sends queued requests now (the background drains; a page cannot hold the queue). */
function drainSoon(): void {
  void sendMessage('drainTimestamps', {}).catch(() => undefined);
}

/**
 * RFC 3161 Time-Stamp Authorities: none by default; one click chooses the recommended one, others
 * are suggested; TSA roots to trust besides the default set (Mozilla's CA list) can be added.
 */
export function TsaSettingsForm() {
  const db = getDb();
  const [urls, setUrls] = useState<string>();
  const [minutes, setMinutes] = useState('2');
  const [roots, setRoots] = useState('');
  const [saved, setSaved] = useState<string[]>([]);
  const [status, setStatus] = useState<{ ok: boolean; lines: string[] }>();
  const load = () =>
    getTsaSettings(db).then((s) => {
      setUrls(s.urls.join('\n'));
      setSaved(s.urls);
      setMinutes(String(s.skewThresholdMs / 60_000));
      setRoots(s.rootsPem);
    });
  useEffect(() => {
    void load();
  }, []);
  if (urls === undefined) return null;

  const chooseRecommended = async () => {
    try {
      // Asked first, while the click still counts as a user gesture.
      if (!(await browser.permissions.request({ origins: [tsaOriginPattern(recommendedTsa.url)] })))
        return setStatus({
          ok: false,
          lines: [`Access to ${new URL(recommendedTsa.url).host} was not granted, so it cannot timestamp.`],
        });
      await chooseTsa(db, recommendedTsa.url);
      drainSoon();
      await load();
      setStatus({ ok: true, lines: [`Captures are now timestamped by ${recommendedTsa.name}.`] });
    } catch (err) {
      setStatus({ ok: false, lines: (err as Error).message.split('\n') });
    }
  };

  const loadRootsFile = async (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    const text = await file.text();
    setRoots([roots.trim(), text.trim()].filter(Boolean).join('\n'));
  };

  const save = async (e: Event) => {
    e.preventDefault();
    const list = selectorLines(urls);
    const bad = list.map(tsaUrlProblem).filter((p): p is string => !!p);
    const rootsProblem = tsaRootsProblem(roots);
    if (rootsProblem) bad.push(rootsProblem);
    if (bad.length) return setStatus({ ok: false, lines: bad });
    try {
      for (const url of list) {
        if (!(await ensureOriginAccess(url)))
          return setStatus({
            ok: false,
            lines: [`Access to ${new URL(url).origin} was not granted, so it cannot timestamp.`],
          });
      }
      const s = await setTsaSettings(db, {
        urls: list,
        skewThresholdMs: Math.round(Number(minutes) * 60_000),
        rootsPem: roots,
      });
      await queueUnstamped(db, s.urls);
      drainSoon();
      setSaved(s.urls);
      setRoots(s.rootsPem);
      const n = s.rootsPem ? certificatesFromPem(s.rootsPem).length : 0;
      setStatus({
        ok: true,
        lines: [
          s.urls.length
            ? 'Timestamp authorities saved. New ledger entries will be stamped.'
            : 'Timestamp authorities saved. No TSA is set: captures are not timestamped.',
          ...(n ? [`${n} TSA root certificate${n === 1 ? '' : 's'} trusted besides the default set.`] : []),
        ],
      });
    } catch (err) {
      setStatus({ ok: false, lines: (err as Error).message.split('\n') });
    }
  };
  return (
    <section aria-labelledby="tsa-heading">
      <h2 id="tsa-heading">Trusted timestamps</h2>
      <p class="muted">
        Each ledger entry can be stamped by RFC 3161 Time-Stamp Authorities: only a TSA's timestamp proves
        when a capture was made. Only the SHA-256 of the entry is sent. A TSA that is down is retried later;
        captures never wait for it. Each reply is checked in full (nonce, hash, the TSA certificate and its
        chain) before it is kept.
      </p>
      {saved.length === 0 && (
        <div
          class="tsa-offer"
          style={{
            border: '1px solid #d4a72c',
            background: '#fff8c5',
            borderRadius: 8,
            padding: '8px 12px',
            margin: '8px 0',
          }}
        >
          <p style={{ marginTop: 0 }}>
            <strong>Captures are not timestamped:</strong> no timestamp authority is set, so nothing proves
            when a capture was made. One click sets up {recommendedTsa.name}'s free public TSA (
            {new URL(recommendedTsa.url).host}).
          </p>
          <button type="button" class="primary" onClick={() => void chooseRecommended()}>
            Use {recommendedTsa.name} timestamps
          </button>
        </div>
      )}
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
              title={t.url}
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
        <label>
          More trusted TSA roots (PEM)
          <textarea
            class="mono"
            rows={4}
            value={roots}
            placeholder="-----BEGIN CERTIFICATE-----"
            aria-describedby="tsa-roots-help"
            onInput={(e) => setRoots(e.currentTarget.value)}
          />
        </label>
        <p id="tsa-roots-help" class="muted" style={{ margin: 0 }}>
          Timestamps are trusted when their TSA chains to a root of Mozilla's CA list (as shipped in Node) or
          to one added here, e.g. FreeTSA.org's own root or your company's TSA. Others are kept but marked
          "unknown TSA root".
        </p>
        <label>
          Load roots from a PEM file
          <input
            type="file"
            accept=".pem,.crt,.cer,application/x-pem-file"
            onChange={(e) => void loadRootsFile(e)}
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
