import { render } from 'preact';
import '../../components/base.css';
import '../../components/control-picker.css';
import './panel.css';
import { focusFirstField } from './focus';
import { Panel } from './Panel';
import { watchHeight } from './panel-client';

/**
 * The panel's UI, an extension page framed by the panel's page script inside a closed shadow
 * root: the page can neither read it nor click into it (another origin). Everything it does goes
 * to the worker, with the token it was given in its address (see `panel-client.ts`).
 */
const root = document.getElementById('app')!;
render(<Panel />, root);
watchHeight(root);
addEventListener('focus', () => focusFirstField());
