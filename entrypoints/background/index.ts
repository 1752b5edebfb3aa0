import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { serveProtocol } from '../../lib/messaging/server';
import { handleCaptureTab, handleDescribeFullPage } from './capture-service';
import { pickOnPage, previewFullPage, resizePanel, showBlackouts } from './panel-relay';
import { captureFromPanel, closePanel, getPanelContext, openPanel } from './panel-service';
import { isPanelSession, registerPanelSessionEnds } from './panel-sessions';
import { registerPanelTriggers } from './panel-triggers';
import { handleGetPopupForm } from './popup-service';
import { handleRunRecipe } from './recipe-runner';
import { registerReminderPanelEnds } from './reminder-panel';
import { registerReminders } from './reminders-service';
import { handlePushToStore, registerStorePush } from './store-service';
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
        pickOnPage,
        previewFullPage,
        showBlackouts,
        resizePanel,
        closePanel,
        drainTimestamps: handleDrainTimestamps,
        pushToStore: handlePushToStore,
        runRecipe: handleRunRecipe,
        getPopupForm: handleGetPopupForm,
      },
      { self: { id: browser.runtime.id, base: browser.runtime.getURL('/') }, isPanel: isPanelSession },
    );
    registerPanelTriggers();
    registerPanelSessionEnds();
    registerTimestampRetries();
    registerStorePush();
    registerReminders();
    registerReminderPanelEnds();
  },
});
