import { build } from 'vite';

/**
 * A bench page entry (a TypeScript module) bundled by Vite as one minified IIFE that defines the
 * global `name`, for page.evaluate in an extension page. `define` replaces expressions in it.
 */
export async function bundlePageScript(
  entry: string,
  name: string,
  define?: Record<string, string>,
): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    ...(define ? { define } : {}),
    build: { write: false, lib: { entry, formats: ['iife'], name }, minify: true },
  });
  const output = (Array.isArray(result) ? result[0] : result) as {
    output: { type: string; code?: string }[];
  };
  const chunk = output.output.find((x) => x.type === 'chunk');
  if (!chunk?.code) throw new Error(`bench: the page script ${entry} did not build`);
  return chunk.code;
}
