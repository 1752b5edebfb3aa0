import Dexie from 'dexie';

/** The tables whose changes can change what is due: schedules, audit periods, captures. */
export const REMINDER_INPUT_TABLES = ['schedules', 'auditPeriods', 'captures'] as const;

/**
 * The `storage.session` key every extension context bumps after it committed a change to those
 * tables. A change to `storage` wakes the service worker (IndexedDB changes do not), so the worker
 * recomputes the badge and notifications whoever wrote: the library, the CLI driving it, a capture.
 */
export const INPUTS_CHANGED_KEY = 'reminders:inputsChangedAt';

/**
 * The tables whose changes give the team store something to send (lib/store/): the ledger (every
 * capture, deletion and import adds an entry) and timestamp replies. Its key is bumped the same way.
 */
export const STORE_INPUT_TABLES = ['ledger', 'timestamps'] as const;
export const STORE_INPUTS_CHANGED_KEY = 'store:inputsChangedAt';

function touches(
  tables: readonly string[],
  parts: Readonly<Record<string, unknown>>,
  dbName: string,
): boolean {
  const prefixes = tables.map((t) => `idb://${dbName}/${t}/`);
  return Object.keys(parts).some((k) => prefixes.some((p) => k.startsWith(p)));
}

/** Whether a transaction's mutated parts (Dexie's `storagemutated` event) touch those tables. */
export function touchesReminderInputs(parts: Readonly<Record<string, unknown>>, dbName: string): boolean {
  return touches(REMINDER_INPUT_TABLES, parts, dbName);
}

/** The few members of `chrome.storage.session` used here (absent in Node and in content scripts). */
interface SessionArea {
  set(items: Record<string, unknown>): Promise<void> | undefined;
}

let installed = false;

/**
 * In an extension context (page or worker), bumps INPUTS_CHANGED_KEY after every committed write
 * to the reminder inputs of database `dbName`. Does nothing outside an extension (Node, tests).
 */
export function signalReminderInputChanges(dbName: string): void {
  const session = (globalThis as { chrome?: { storage?: { session?: SessionArea } } }).chrome?.storage
    ?.session;
  if (installed || !session) return;
  installed = true;
  Dexie.on('storagemutated', (parts) => {
    const keys = [
      ...(touchesReminderInputs(parts, dbName) ? [INPUTS_CHANGED_KEY] : []),
      ...(touches(STORE_INPUT_TABLES, parts, dbName) ? [STORE_INPUTS_CHANGED_KEY] : []),
    ];
    if (!keys.length) return;
    try {
      // A fresh value each time: storage reports only values that changed.
      const stamp = `${Date.now()}:${crypto.randomUUID()}`;
      void Promise.resolve(session.set(Object.fromEntries(keys.map((k) => [k, stamp])))).catch(
        () => undefined,
      );
    } catch {
      // No session storage here after all: the hourly check still runs.
    }
  });
}
