import { BlobSink, type ByteSink, type WritableFile, WritableFileSink } from '../../lib/bundle/byte-sink';
import { downloadBlob } from './download';

/** Where an export is written: a file the user picks (streamed), or the downloads folder. */
export interface SaveTarget {
  sink: ByteSink;
  /** Called once the sink is closed; resolves to where the file is, for the status line. */
  finish(): Promise<string>;
  /** Called after a failed or cancelled export: removes the partial file. */
  discard(): Promise<void>;
}

interface PickedFile {
  name: string;
  createWritable(): Promise<WritableFile>;
  remove?(): Promise<void>;
}
type SavePicker = (o: {
  suggestedName: string;
  types: { description: string; accept: Record<string, string[]> }[];
}) => Promise<PickedFile>;

/** True when this browser can stream to a file the user picks (File System Access). */
export function canPickFile(): boolean {
  return typeof (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker === 'function';
}

/**
 * Asks where to save and opens the file for streaming. Call it first thing in a click handler:
 * the picker needs the click's user activation. Resolves to undefined when the user cancels.
 */
export async function pickFileTarget(
  suggestedName: string,
  kind: { description: string; mediaType: string; extension: string },
): Promise<SaveTarget | undefined> {
  const picker = (window as unknown as { showSaveFilePicker: SavePicker }).showSaveFilePicker;
  let handle: PickedFile;
  try {
    handle = await picker({
      suggestedName,
      types: [{ description: kind.description, accept: { [kind.mediaType]: [kind.extension] } }],
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') return undefined;
    throw e;
  }
  const writable = await handle.createWritable();
  return {
    sink: new WritableFileSink(writable),
    finish: async () => handle.name,
    discard: async () => {
      await handle.remove?.().catch(() => undefined);
    },
  };
}

/** Gathers the file as Blobs (the browser may keep them on disk) and hands it to the downloads API. */
export function downloadTarget(fileName: string, mediaType: string): SaveTarget {
  const sink = new BlobSink(mediaType);
  return {
    sink,
    finish: () => downloadBlob(sink.blob(), fileName),
    discard: async () => undefined,
  };
}
