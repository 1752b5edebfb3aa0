/** Folder name for a control: its ID with anything unsafe in a path replaced. */
export function controlFolder(controlId: string): string {
  return controlId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || '_';
}

/** Base name of a capture's files: sortable capture time, then the capture ID. */
export function captureBaseName(capturedAt: string, captureId: string): string {
  return `${capturedAt.replace(/:/g, '-')}_${captureId}`;
}

/** Name of a downloaded bundle, e.g. `prooftrail-A.5.15-2026-11-28T10-00-00Z.zip`. */
export function bundleFileName(
  scope: { kind: 'all' } | { kind: 'control'; controlId: string },
  exportedAt: string,
): string {
  const what = scope.kind === 'all' ? 'all' : controlFolder(scope.controlId);
  return `prooftrail-${what}-${exportedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.zip`;
}
