import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { serveProtocol } from '../../lib/messaging/server';
import { handleCaptureTab, handleDescribeFullPage } from './capture-service';
import { captureFromPanel, getPanelContext, isPanelDocument, openPanel } from './panel-service';
import { registerPanelTriggers } from './panel-triggers';
import { handleDrainTimestamps, registerTimestampRetries } from './timestamp-service';

export default defineBackground({
  type: 'module',
  main() {
    serveProtocol(
      {
        captureTab: handleCaptureTab,
        describeFullPage: handleDescribeFullPage,
        captureFromPanel,
        openPanel,
        getPanelContext,
        drainTimestamps: handleDrainTimestamps,
      },
      { self: { id: browser.runtime.id, base: browser.runtime.getURL('/') }, isPanel: isPanelDocument },
    );
    registerPanelTriggers();
    registerTimestampRetries();
  },
});
