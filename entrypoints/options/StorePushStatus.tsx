import { useEffect, useState } from 'preact/hooks';
import { getDb } from '../../lib/db/database';
import { sendMessage } from '../../lib/messaging/client';
import { type QueueSummary, queueSummary } from '../../lib/store/push-status';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What this browser has sent to the team store and what is still waiting, with Push now. */
export function StorePushStatus() {
  const db = getDb();
  const [summary, setSummary] = useState<QueueSummary>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const refresh = () => queueSummary(db).then(setSummary);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 2000);
    return () => clearInterval(timer);
  }, []);
  const pushNow = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const reply = await sendMessage('pushToStore', { force: true });
      if (!reply.ok) setError(reply.error);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      await refresh().catch(() => undefined);
      setBusy(false);
    }
  };
  if (!summary) return null;
  return (
    <fieldset class="store-push">
      <legend>Sending evidence to the store</legend>
      <p
        role="status"
        data-stored={summary.stored}
        data-waiting={summary.waiting}
        data-conflict={summary.conflict}
        data-tries={summary.worst?.tries ?? 0}
      >
        {summary.stored + summary.waiting + summary.conflict + summary.gone === 0
          ? 'Nothing sent yet: evidence is sent after each capture, deletion and import.'
          : `${plural(summary.stored, 'object')} in the store, ${summary.waiting} waiting${summary.conflict ? `, ${summary.conflict} refused because the store holds different bytes` : ''}.`}
        {summary.worst && summary.worst.tries > 0 && (
          <>
            {' '}
            Last failure ({plural(summary.worst.tries, 'try', 'tries')}): {summary.worst.reason}
          </>
        )}
      </p>
      <button type="button" disabled={busy} onClick={() => void pushNow()}>
        {busy ? 'Sending…' : 'Send now'}
      </button>
      {error && <p class="error">{error}</p>}
    </fieldset>
  );
}
