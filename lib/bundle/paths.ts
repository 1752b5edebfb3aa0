import { CONTROLS_DIR } from '../formats/bundle-paths';

/** Folder of a control: `controls/` and its ID with anything unsafe in a path replaced. */
export function controlFolder(controlId: string): string {
  return `${CONTROLS_DIR}/${controlId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || '_'}`;
}

/** A readable, lower-case slug of a page title or address: `okta-access-review`. */
export function slug(text: string, max = 48): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s.slice(0, max).replace(/-+$/, '') || 'capture';
}

/**
 * Base name of a capture's files: capture time to the second (UTC, `:` → `-`) and a slug of the
 * page, e.g. `2026-11-27T10-15-03Z_okta-access-review`. `taken` holds the names already used in the
 * folder; a clash gets the capture ID's first 8 characters.
 */
export function captureBaseName(
  capture: { capturedAt: string; id: string; pageTitle: string; pageUrl: string },
  taken: Set<string>,
): string {
  const time = capture.capturedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  let name = `${time}_${slug(capture.pageTitle || capture.pageUrl)}`;
  if (taken.has(name)) name = `${name}_${capture.id.slice(0, 8)}`;
  if (taken.has(name)) name = `${name}_${capture.id}`;
  taken.add(name);
  return name;
}

/** Name of a bundle, e.g. `prooftrail-A.5.15-2026-11-28T10-00-00Z.zip`. */
export function bundleFileName(tag: string, exportedAt: string): string {
  return `prooftrail-${tag}-${exportedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.zip`;
}
