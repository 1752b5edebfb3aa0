/** Name and version of the browser running the extension. */
export interface BrowserInfo {
  name: string;
  version: string;
}

interface UaBrand {
  brand: string;
  version: string;
}
interface UaData {
  brands?: UaBrand[];
  getHighEntropyValues?: (hints: string[]) => Promise<{ fullVersionList?: UaBrand[] }>;
}

const PREFERRED = ['Microsoft Edge', 'Google Chrome', 'Opera', 'Brave', 'Chromium'];

/** Reads the most specific brand and full version (Chromium), or Firefox's own report. */
export async function readBrowserInfo(
  nav: { userAgent: string; userAgentData?: UaData } = navigator as never,
  firefoxInfo?: () => Promise<{ name: string; version: string }>,
): Promise<BrowserInfo> {
  if (firefoxInfo) {
    const info = await firefoxInfo();
    return { name: info.name, version: info.version };
  }
  const ua = nav.userAgentData;
  const full = (await ua?.getHighEntropyValues?.(['fullVersionList']).catch(() => undefined))
    ?.fullVersionList;
  const brands = full ?? ua?.brands ?? [];
  for (const name of PREFERRED) {
    const hit = brands.find((b) => b.brand === name);
    if (hit) return { name, version: hit.version };
  }
  const m = /(Firefox|Edg|Chrome|Chromium)\/([\d.]+)/.exec(nav.userAgent);
  if (m) return { name: m[1] === 'Edg' ? 'Microsoft Edge' : m[1]!, version: m[2]! };
  return { name: 'unknown', version: 'unknown' };
}
