import { render } from 'preact';
import '../../components/base.css';
import '../../components/control-picker.css';
import './popup.css';
import { requestForm } from './form-request';
import { Shell } from './Shell';
import { findTargetTab } from './target-tab';

performance.mark('popup:main');
// The form's data is asked of the worker first, so it is read while this page loads its code.
void requestForm().then(
  () => performance.mark('popup:form-data'),
  () => undefined,
);
const root = document.getElementById('app')!;
// The heading and the page to capture paint from this small module; the form takes over once that
// is painted (it shows the same heading and page).
render(<Shell />, root);
const settled = <T,>(p: Promise<T>) =>
  p.catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
// The form is drawn once its code, its data and the page to capture are all known: its first
// paint is the usable form.
const loadForm = () =>
  void Promise.all([
    import('./App').finally(() => performance.mark('popup:form-code')),
    settled(requestForm()),
    settled(findTargetTab()),
  ]).then(([{ App }, form, target]) => render(<App start={{ form, target }} />, root));
findTargetTab()
  .finally(() => performance.mark('popup:tab'))
  .finally(() => requestAnimationFrame(() => setTimeout(loadForm)))
  .catch(() => undefined); // the shell shows why there is no page to capture
