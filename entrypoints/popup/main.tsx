import { render } from 'preact';
import '../../components/base.css';
import '../../components/control-picker.css';
import './popup.css';
import { Shell } from './Shell';
import { findTargetTab } from './target-tab';

const root = document.getElementById('app')!;
// The heading and the page to capture paint from this small module; the form, its database and
// pickers load once that is painted (loaded at once, their parsing held up the tab lookup and the
// first paint) and take over (App shows the same heading and page while it reads).
render(<Shell />, root);
const loadForm = () => void import('./App').then(({ App }) => render(<App />, root));
findTargetTab().finally(() => requestAnimationFrame(() => setTimeout(loadForm)));
