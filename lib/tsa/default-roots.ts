import { DEFAULT_TSA_ROOTS_BASE64, DEFAULT_TSA_ROOTS_SOURCE } from './default-roots-data';

export { DEFAULT_TSA_ROOTS_SOURCE };

/**
 * The default TSA trust set, the same in the CLI, the extension and the library: the root
 * certificates of Mozilla's CA list as shipped in Node (`tls.rootCertificates`), generated into
 * default-roots-data.ts by write-default-roots.ts. Public TSAs (DigiCert, Sectigo, GlobalSign…)
 * chain to roots in it; a token that chains elsewhere is "timestamp not verified: unknown TSA root"
 * unless its root is added (`--tsa-ca`, or Settings in the extension). About 154 kB of DER, 229 kB
 * as generated source (base64), decoded once on first use.
 */
let decoded: Uint8Array[] | undefined;

function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The default TSA roots, DER. */
export function defaultTsaRoots(): readonly Uint8Array[] {
  decoded ??= DEFAULT_TSA_ROOTS_BASE64.map(fromBase64);
  return decoded;
}

function key(der: Uint8Array): string {
  let s = `${der.length}:`;
  for (const b of der) s += String.fromCharCode(b);
  return s;
}

/**
 * The roots to trust: the default set plus `extra` (from `--tsa-ca` or the extension's Settings),
 * each certificate once. Pass `{ defaults: false }` to trust only `extra`.
 */
export function trustedRootsWith(
  extra: readonly Uint8Array[] = [],
  options: { defaults?: boolean } = {},
): Uint8Array[] {
  const seen = new Set<string>();
  const out: Uint8Array[] = [];
  for (const der of [...(options.defaults === false ? [] : defaultTsaRoots()), ...extra]) {
    const k = key(der);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(der);
  }
  return out;
}
