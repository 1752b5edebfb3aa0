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
// The form's code starts loading once the page to capture is known (alongside the shell's paint);
// the form is drawn once its code, its data and the page are all known and the shell has painted:
// its first paint is the usable form.
let formCode: Promise<typeof import('./App')> | undefined;
const loadCode = () => {
  formCode ??= import('./App').finally(() => performance.mark('popup:form-code'));
  return formCode;
};
const loadForm = () =>
  void Promise.all([loadCode(), settled(requestForm()), settled(findTargetTab())]).then(
    ([{ App }, form, target]) => render(<App start={{ form, target }} />, root),
  );
findTargetTab()
  .finally(() => performance.mark('popup:tab'))
  .finally(() => {
    void loadCode();
    requestAnimationFrame(() => setTimeout(loadForm));
  })
  .catch(() => undefined); // the shell shows why there is no page to capture
