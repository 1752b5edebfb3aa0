import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startEarlyAsks } from './popup/early-asks';

/**
 * The popup's first script (popup/index.html loads it as a deferred classic script before the
 * module script, so it always runs first, while the browser is still fetching the popup's modules):
 * asks the worker for the form's data and the browser for the page to capture, for main.tsx to take.
 */
export default defineUnlistedScript(() => startEarlyAsks());
