import type { ProofTrailDb } from './database';

/** Where ledger entries are timestamped, and when a clock difference is worth flagging. */
export interface TsaSettings {
  /** RFC 3161 TSA URLs; none by default. */
  urls: string[];
  /** Flag captures whose local clock differs from the TSA's by more than this, ms. */
  skewThresholdMs: number;
}

export const defaultTsaSettings: TsaSettings = { urls: [], skewThresholdMs: 2 * 60_000 };

/** Well-known public TSAs, offered as suggestions (never used unless added). */
export const suggestedTsas: readonly { name: string; url: string }[] = [
  { name: 'FreeTSA.org', url: 'https://freetsa.org/tsr' },
  { name: 'DigiCert', url: 'http://timestamp.digicert.com' },
  { name: 'Sectigo', url: 'http://timestamp.sectigo.com' },
  { name: 'GlobalSign', url: 'http://timestamp.globalsign.com/tsa/r6advanced1' },
];

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

/** Saves after validation; throws naming each bad URL, saving nothing. */
export async function setTsaSettings(db: ProofTrailDb, s: TsaSettings): Promise<TsaSettings> {
  const urls = [...new Set(s.urls.map((u) => u.trim()).filter(Boolean))];
  const problems = urls.map(tsaUrlProblem).filter((p): p is string => !!p);
  if (!Number.isInteger(s.skewThresholdMs) || s.skewThresholdMs < 1000)
    problems.push('The clock-skew threshold must be at least 1 second.');
  if (problems.length) throw new Error(problems.join('\n'));
  const clean = { urls, skewThresholdMs: s.skewThresholdMs };
  await db.settings.put({ key: KEY, value: clean });
  return clean;
}
