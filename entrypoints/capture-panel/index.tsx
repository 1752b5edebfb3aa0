import { render } from 'preact';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import baseCss from '../../components/base.css?inline';
import pickerCss from '../../components/control-picker.css?inline';
import { Panel } from './Panel';
import panelCss from './panel.css?inline';

const HOST_TAG = 'prooftrail-panel';
/** Read by the worker (in this isolated world, out of the page's reach) before it answers the panel. */
const OPEN_FLAG = '__prooftrailPanelOpen';
const setOpen = (open: boolean) => {
  (globalThis as Record<string, unknown>)[OPEN_FLAG] = open;
};

/**
 * The on-page panel: injected on demand (toolbar popup, shortcut or context menu), drawn in an
 * open shadow root so the page's styles do not apply to it (open, so it can be driven and tested
 * like any page UI). Opening it again
 * brings the existing one back instead of adding a second.
 */
export default defineUnlistedScript(() => {
  const existing = document.querySelector<HTMLElement>(HOST_TAG);
  if (existing) {
    setOpen(true);
    existing.style.display = '';
    existing.dispatchEvent(new CustomEvent('prooftrail-focus'));
    return;
  }
  const host = document.createElement(HOST_TAG);
  host.setAttribute('data-prooftrail-ui', '');
  host.style.cssText = 'all: initial; position: fixed; inset: 0; z-index: 2147483647; pointer-events: none;';
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = `${baseCss}\n${pickerCss}\n${panelCss}`;
  const root = document.createElement('div');
  shadow.append(style, root);
  document.documentElement.append(host);
  setOpen(true);
  render(
    <Panel
      host={host}
      onClose={() => {
        setOpen(false);
        host.remove();
      }}
    />,
    root,
  );
});
