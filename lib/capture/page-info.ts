/** What the page itself reports at capture time. */
export interface PageInfo {
  title: string;
  viewport: { width: number; height: number };
  devicePixelRatio: number;
}

/** Runs inside the page (via scripting.executeScript): must stay self-contained. */
export function readPageInfoInPage(): PageInfo {
  return {
    title: document.title,
    viewport: { width: window.innerWidth, height: window.innerHeight },
    devicePixelRatio: window.devicePixelRatio,
  };
}
