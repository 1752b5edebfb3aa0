import { render } from 'preact';
import '../../components/base.css';
import '../../components/control-picker.css';
import './popup.css';
import { Shell } from './Shell';

const root = document.getElementById('app')!;
// The heading and the page to capture paint from this small module; the form, its database and
// pickers load meanwhile and take over as soon as they have loaded (App shows the same heading and
// page while it reads, so whichever paints first shows them).
render(<Shell />, root);
void import('./App').then(({ App }) => render(<App />, root));
