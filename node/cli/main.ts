import { UsageError } from './usage';

const USAGE = `Usage:
  prooftrail capture --url URL --control ID [--control ID ...] [--note TEXT]
                     [--full-page | --element CSS_SELECTOR] [--redact CSS_SELECTOR ...]
                     [--tsa URL ...] [--capturer "NAME <EMAIL>"] [--effective-date YYYY-MM-DD]
                     --out FILE.zip
                     [--profile DIR]   (keep the evidence in DIR for later exports)
                     [--request ID [--sample ID | --population]]   (needs --profile)
  prooftrail capture --recipe FILE --profile DIR [--capturer "NAME <EMAIL>"]
                     (every step of a recipe, docs/recipe-format.md; exit 0 only if all captured)
  prooftrail export --profile DIR --out FILE.zip [--pdf FILE.pdf]
                    [--control ID ...] [--framework NAME|iso27001|soc2 ...]
                    [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--capturer EMAIL ...]
                    [--layout per-control|write-once]
  prooftrail export --profile DIR --request ID --out FILE.zip   (a request's bundle)
  prooftrail export --store s3://BUCKET/PREFIX --endpoint URL [--region R] [scope options as above]
                    --out FILE.zip [--pdf FILE.pdf] [--trust FINGERPRINT ...] [--profile DIR]
                    [--as "NAME <EMAIL>"]   (every trusted owner's evidence in the team store)
  prooftrail requests import --profile DIR FILE.csv   (an auditor's request list)
  prooftrail import --profile DIR [--as "NAME <EMAIL>"] [--trust FINGERPRINT ...] BUNDLE.zip ...
  prooftrail cadences import --profile DIR FILE.csv|PLAN.json
                    [--period-from YYYY-MM-DD --period-to YYYY-MM-DD [--time-zone ZONE]]
  prooftrail coverage --profile DIR [--framework NAME|iso27001|soc2] [--from YYYY-MM-DD --to YYYY-MM-DD]
                      [--as-of YYYY-MM-DD] [--json]
  prooftrail pdf BUNDLE.zip [--out FILE.pdf]
  prooftrail store push --profile DIR --store s3://BUCKET/PREFIX --endpoint URL [--region R]
  prooftrail store check --store s3://BUCKET/PREFIX --endpoint URL [--region R]
                    [--until YYYY-MM-DD] [--signer FINGERPRINT ...] [--signers SIGNERS.json ...] [--json]
                    (store credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE)
  prooftrail verify FILE.zip [--signer FINGERPRINT ...] [--signers SIGNERS.json ...]
                    [--tsa-ca ROOTS.pem ...] [--require-timestamps] [--allow-unsigned]
                    [--max-skew SECONDS] [--json]
  prooftrail verify-page --out verify.html   (the offline verifier page, from this package)
  prooftrail --version
  prooftrail demo           (what \`npm start\` runs)
  prooftrail bench          (what \`npm run bench\` runs)

Chromium is found through CHROME_PATH, else /usr/bin/chromium. verify, verify-page and pdf need
no browser; the other commands drive Chromium through playwright-core.`;

type Command = (args: string[]) => Promise<number>;

/**
 * Each command is loaded only when it runs: `verify` must not pay for Playwright, the automation
 * and pdf-lib, which the other commands import (start-up is part of every verify an auditor runs).
 */
const commands: Record<string, () => Promise<Command>> = {
  capture: async () => (await import('./capture-command')).runCapture,
  export: async () => (await import('./export-command')).runExport,
  import: async () => (await import('./import-command')).runImport,
  cadences: async () => (await import('./cadences-command')).runCadences,
  coverage: async () => (await import('./coverage-command')).runCoverage,
  pdf: async () => (await import('./pdf-command')).runPdf,
  requests: async () => (await import('./requests-command')).runRequests,
  store: async () => (await import('./store-command')).runStore,
  verify: async () => (await import('./verify-command')).runVerify,
  'verify-page': async () => (await import('./verify-page-command')).runVerifyPage,
  demo: async () => (await import('./demo-command')).runDemo,
  bench: async () => (await import('../bench/run-bench')).runBench,
};

/** What bin.mjs reads from package.json. */
export interface About {
  version?: string;
  /** The playwright-core version the browser commands are built for (an optional peer dependency). */
  playwrightCore?: string;
}

/** Runs one command; returns the exit code. Errors become one clear line, never a stack trace. */
export async function main(argv: string[], about: About = {}): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    console.log(about.version ?? 'unknown');
    return 0;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    console.error(`prooftrail: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    const command = await load();
    return await command(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`prooftrail ${name}: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (missingPackage(e) === 'playwright-core') {
      const version = about.playwrightCore ? `@${about.playwrightCore}` : '';
      console.error(
        `prooftrail ${name}: this command drives Chromium through playwright-core, which is not installed: run \`npm install playwright-core${version}\` where prooftrail is installed (verify, verify-page and pdf do not need it)`,
      );
      return 1;
    }
    console.error(`prooftrail ${name}: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.PROOFTRAIL_DEBUG) console.error(e);
    return 1;
  }
}

/** The package an ES module import could not find (ERR_MODULE_NOT_FOUND), if that is the error. */
function missingPackage(e: unknown): string | undefined {
  if ((e as NodeJS.ErrnoException)?.code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  return /Cannot find package '([^']+)'/.exec((e as Error).message)?.[1];
}
