import { render } from 'preact';
import '../../components/base.css';
import '../../components/control-picker.css';
import './popup.css';
import { App } from './App';
import { takeEarlyAsks } from './early-asks';
import { adoptFormRequest, requestForm } from './form-request';
import { Shell } from './Shell';
import { adoptTargetTab, findTargetTab } from './target-tab';

performance.mark('popup:main');
// The form's data and the page to capture were asked for by popup-early.ts while this page's
// modules loaded; should that script not have run, they are asked for now.
const early = takeEarlyAsks();
if (early) {
  adoptFormRequest(early.form);
  adoptTargetTab(early.target);
}
const settled = <T,>(p: Promise<T>) =>
  p.catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
const form = settled(requestForm()).finally(() => performance.mark('popup:form-data'));
const target = settled(findTargetTab()).finally(() => performance.mark('popup:tab'));
const root = document.getElementById('app')!;
// The form (its code is part of this module) is drawn once its data and the page are known: its
// first paint is the usable form. Should they not be known within this task, the heading and the
// page to capture paint first from the shell (the form shows the same heading and page).
let drawn = false;
void Promise.all([form, target]).then(([f, t]) => {
  drawn = true;
  render(<App start={{ form: f, target: t }} />, root);
});
setTimeout(() => {
  if (!drawn) render(<Shell />, root);
});
