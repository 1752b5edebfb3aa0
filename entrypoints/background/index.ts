import { defineBackground } from 'wxt/utils/define-background';
import { serveProtocol } from '../../lib/messaging/server';
import { handleCaptureTab } from './capture-service';
import { captureFromPanel, getPanelContext, openPanel } from './panel-service';
import { registerPanelTriggers } from './panel-triggers';

export default defineBackground({
  type: 'module',
  main() {
    serveProtocol({ captureTab: handleCaptureTab, captureFromPanel, openPanel, getPanelContext });
    registerPanelTriggers();
  },
});
