import { runBench } from './bench-command';
import { runCapture } from './capture-command';
import { runDemo } from './demo-command';
import { runExport } from './export-command';
import { runImport } from './import-command';
import { runPdf } from './pdf-command';
import { UsageError } from './usage';
import { runVerify } from './verify-command';

const USAGE = `Usage:
  prooftrail capture --url URL --control ID [--control ID ...] [--note TEXT]
                     [--full-page | --element CSS_SELECTOR] [--redact CSS_SELECTOR ...]
                     [--tsa URL ...] [--capturer "NAME <EMAIL>"] --out FILE.zip
                     [--profile DIR]   (keep the evidence in DIR for later exports)
  prooftrail export --profile DIR --out FILE.zip [--pdf FILE.pdf]
                    [--control ID ...] [--framework NAME|iso27001|soc2 ...]
                    [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--capturer EMAIL ...]
  prooftrail import --profile DIR [--as "NAME <EMAIL>"] [--trust FINGERPRINT ...] BUNDLE.zip ...
  prooftrail pdf BUNDLE.zip [--out FILE.pdf]
  prooftrail verify FILE.zip [--signer FINGERPRINT ...] [--signers SIGNERS.json ...]
                    [--tsa-ca ROOTS.pem ...] [--require-timestamps] [--allow-unsigned]
                    [--max-skew SECONDS] [--json]
  prooftrail demo           (what \`npm start\` runs)
  prooftrail bench          (what \`npm run bench\` runs)

Chromium is found through CHROME_PATH, else /usr/bin/chromium.`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
  capture: runCapture,
  export: runExport,
  import: runImport,
  pdf: runPdf,
  verify: runVerify,
  demo: runDemo,
  bench: runBench,
};

/** Runs one command; returns the exit code. Errors become one clear line, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`prooftrail: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`prooftrail ${name}: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    console.error(`prooftrail ${name}: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.PROOFTRAIL_DEBUG) console.error(e);
    return 1;
  }
}
