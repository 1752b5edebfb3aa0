import { browser } from 'wxt/browser';

/** Saves a Blob through the downloads API and resolves when the file is complete on disk. */
export async function downloadBlob(blob: Blob, fileName: string): Promise<string> {
  const url = URL.createObjectURL(blob);
  try {
    const id = await browser.downloads.download({
      url,
      filename: fileName,
      saveAs: false,
      conflictAction: 'uniquify',
    });
    return await new Promise<string>((resolve, reject) => {
      const check = async () => {
        const [item] = await browser.downloads.search({ id });
        if (item?.state === 'complete') finish(() => resolve(item.filename));
        else if (item?.state === 'interrupted')
          finish(() =>
            reject(new Error(`The download was interrupted (${item.error ?? 'unknown reason'}).`)),
          );
      };
      const listener = (delta: { id: number }) => {
        if (delta.id === id) void check();
      };
      const finish = (done: () => void) => {
        browser.downloads.onChanged.removeListener(listener);
        done();
      };
      browser.downloads.onChanged.addListener(listener);
      void check();
    });
  } finally {
    // Give the browser a moment to finish reading the Blob URL before it is released.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
