import { join } from 'node:path';
import { findChromium } from '../automation/find-chromium';
import { runLibraryBench } from './library-bench';

const lines = await runLibraryBench({
  executablePath: findChromium()!,
  extensionDir: join('/work/wt-library', '.output/chrome-mv3-automation'),
  runs: 3,
});
for (const l of lines) console.log(l);
