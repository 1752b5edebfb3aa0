import { listCaptures } from '../../lib/db/captures-repo';
import { getDb } from '../../lib/db/database';
import { RECENT_IN_POPUP } from '../../lib/db/popup-form';
import { setIdentity } from '../../lib/db/settings-repo';
import type { Identity } from '../../lib/db/types';
import { requestChoices } from '../../lib/requests/request-choices';
import { chooseTsa, stampingStatus } from '../../lib/tsa/stamping-status';

// The popup's own database connection, loaded (lazy-db.ts) once the form is usable (the form's first data comes
// from the worker: form-request.ts), so neither the database code nor its opening delays the form.

/** The newest captures, newest first (after a capture). */
export const recentCaptures = () => listCaptures(getDb(), RECENT_IN_POPUP);
/** Whether captures are being timestamped. */
export const readStamping = () => stampingStatus(getDb());
/** The requests still to fulfil. */
export const readRequests = () => requestChoices(getDb());
/** Saves who captures (first run). */
export const saveIdentity = (identity: Identity) => setIdentity(getDb(), identity);
/** Makes this TSA the one that stamps new captures. */
export const chooseTsaUrl = (url: string) => chooseTsa(getDb(), url);
