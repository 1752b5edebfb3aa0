import { render } from 'preact';
import '../../components/base.css';
import '../../components/control-picker.css';
import './popup.css';
import { Shell } from './Shell';

const root = document.getElementById('app')!;
// The heading and the page to capture paint from this small module; the form, its database and
// pickers load meanwhile and replace the busy line once the shell is on screen.
render(<Shell />, root);
const painted = new Promise<void>((done) =>
  requestAnimationFrame(() =>
    setTimeout(() => {
      performance.mark('popup:shell');
      done();
    }),
  ),
);
void Promise.all([import('./App'), painted]).then(([{ App }]) => render(<App />, root));
