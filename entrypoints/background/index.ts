import { defineBackground } from 'wxt/utils/define-background';
import { serveProtocol } from '../../lib/messaging/server';
import { handleCaptureTab } from './capture-service';

export default defineBackground({
  type: 'module',
  main() {
    serveProtocol({ captureTab: handleCaptureTab });
  },
});
