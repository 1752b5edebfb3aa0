import { certificatesFromPem, toPem } from '../tsa/pem';
import type { ProofTrailDb } from './database';

/** Where ledger entries are timestamped, which TSA roots to trust, and when a clock difference is worth flagging. */
export interface TsaSettings {
  /** RFC 3161 TSA URLs; none by default. */
  urls: string[];
  /** Flag captures whose local clock differs from the TSA's by more than this, ms. */
  skewThresholdMs: number;
  /**
   * TSA root certificates the user trusts besides the default set (Mozilla's CA list), PEM; '' for
   * none. A reply that chains to neither is kept but marked as from an unknown root.
   */
  rootsPem: string;
}

export const defaultTsaSettings: TsaSettings = { urls: [], skewThresholdMs: 2 * 60_000, rootsPem: '' };

/**
 * Well-known public TSAs, offered as suggestions (never used unless chosen), over https: each
 * answers RFC 3161 there too, and their roots are in the default trust set.
 */
export const suggestedTsas: readonly { name: string; url: string }[] = [
  { name: 'DigiCert', url: 'https://timestamp.digicert.com' },
  { name: 'Sectigo', url: 'https://timestamp.sectigo.com' },
  { name: 'GlobalSign', url: 'https://timestamp.globalsign.com/tsa/r6advanced1' },
  { name: 'FreeTSA.org', url: 'https://freetsa.org/tsr' },
];

/** The TSA offered as a one-click choice on first run: the first suggestion. */
export const recommendedTsa = suggestedTsas[0]!;

const KEY = 'tsa';

/** Why a TSA URL is unusable, or undefined. */
export function tsaUrlProblem(url: string): string | undefined {
  try {
    const u = new URL(url.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      return `"${url}" must be an http or https address.`;
    if (u.username || u.password) return `"${url}" must not contain a user name or password.`;
    return undefined;
  } catch {
    return `"${url}" is not a valid address.`;
  }
}

export async function getTsaSettings(db: ProofTrailDb): Promise<TsaSettings> {
  return {
    ...defaultTsaSettings,
    ...((await db.settings.get(KEY))?.value as Partial<TsaSettings> | undefined),
  };
}

/** Checks PEM text of TSA roots; '' (or blank) is none. Throws a message for a person. */
export function tsaRootsProblem(pem: string): string | undefined {
  if (!pem.trim()) return undefined;
  try {
    certificatesFromPem(pem);
    return undefined;
  } catch (e) {
    return `Trusted TSA roots: ${(e as Error).message}`;
  }
}

/**
 * Saves after validation; throws naming each problem, saving nothing. `rootsPem` left out keeps the
 * roots already saved; given, it is stored normalised (certificates only).
 */
export async function setTsaSettings(
  db: ProofTrailDb,
  s: Omit<TsaSettings, 'rootsPem'> & { rootsPem?: string },
): Promise<TsaSettings> {
  const urls = [...new Set(s.urls.map((u) => u.trim()).filter(Boolean))];
  const problems = urls.map(tsaUrlProblem).filter((p): p is string => !!p);
  if (!Number.isInteger(s.skewThresholdMs) || s.skewThresholdMs < 1000)
    problems.push('The clock-skew threshold must be at least 1 second.');
  const rootsPem = s.rootsPem ?? (await getTsaSettings(db)).rootsPem;
  const rootsProblem = tsaRootsProblem(rootsPem);
  if (rootsProblem) problems.push(rootsProblem);
  if (problems.length) throw new Error(problems.join('\n'));
  const clean: TsaSettings = {
    urls,
    skewThresholdMs: s.skewThresholdMs,
    rootsPem: rootsPem.trim() ? toPem(certificatesFromPem(rootsPem)) : '',
  };
  await db.settings.put({ key: KEY, value: clean });
  return clean;
}

/** The TSA roots added in Settings, DER (the default set is added by `trustedRootsWith`). */
export async function settingsTsaRoots(db: ProofTrailDb): Promise<Uint8Array[]> {
  const { rootsPem } = await getTsaSettings(db);
  return rootsPem.trim() ? certificatesFromPem(rootsPem) : [];
}
