// The database is opened and every capture's key read first, while the browser loads the rest of
// the page (App and the view shown): the two overlap instead of following each other.
import { getDb } from '../../lib/db/database';
import { startFirstRead } from './first-read';

startFirstRead(getDb(), location.hash === '#evidence');

import '../../components/base.css';
import './library.css';

void Promise.all([import('preact'), import('./App')]).then(([{ render }, { App, preloadView }]) => {
  preloadView(location.hash);
  render(<App />, document.getElementById('app')!);
});
