import { StoredImageMismatch } from '../db/image-sums';
import { sha256Hex } from '../integrity/sha256';
import { crc32 } from '../zip/crc32';

/** Image bytes being checked at once, at most (one image more when a single one is larger). */
const IN_FLIGHT_BYTES = 16 << 20;

/**
 * Checks, beside the export, that each image written from its kept sums still has those sums:
 * the stored Blob is read once more (by the browser, off the writer's path) and hashed with
 * WebCrypto, and its CRC-32 computed. The export awaits `done()` before it signs the manifest, so
 * a stored image whose bytes changed (a damaged or edited IndexedDB file) stops the export with
 * StoredImageMismatch naming the capture: no bundle whose manifest disagrees with its bytes is
 * ever signed. At most IN_FLIGHT_BYTES of images are held meanwhile.
 */
export class ImageCheck {
  private readonly pending = new Set<Promise<void>>();
  private inFlight = 0;
  private failure: Error | undefined;

  /** Starts checking one image; waits first while too many bytes are being checked. */
  async add(captureId: string, blob: Blob, sums: { sha256: string; crc32: number }): Promise<void> {
    while (this.pending.size && this.inFlight + blob.size > IN_FLIGHT_BYTES) await Promise.race(this.pending);
    this.throwIfFailed();
    this.inFlight += blob.size;
    const check = (async () => {
      const bytes = new Uint8Array(await blob.arrayBuffer());
      const sha256 = await sha256Hex(bytes as BufferSource);
      if (sha256 !== sums.sha256)
        throw new StoredImageMismatch(
          captureId,
          `no longer matches its record (SHA-256 ${sha256}, signed ${sums.sha256})`,
        );
      if (crc32(bytes) !== sums.crc32)
        throw new StoredImageMismatch(captureId, 'no longer matches the CRC-32 kept with it');
    })()
      .catch((e: unknown) => {
        this.failure ??= e instanceof Error ? e : new Error(String(e));
      })
      .finally(() => {
        this.inFlight -= blob.size;
        this.pending.delete(check);
      });
    this.pending.add(check);
  }

  /** Resolves once every image checked out; throws the first mismatch found. */
  async done(): Promise<void> {
    while (this.pending.size) await Promise.all(this.pending);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
