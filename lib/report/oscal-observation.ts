// One OSCAL observation per capture and control it is filed under: what was seen, when, by whom,
// for which control, and where the screenshot sits in the bundle with its hashes.

import { bundleHref } from './html-escape';
import type { ReportCapture, ReportControl } from './model';
import { controlToken, exportUuid } from './oscal-ids';
import { clip, markdownText, nonEmpty, oneLine, oscalDateTime, personText, prop } from './oscal-text';
import type { OscalEvidence, OscalLink, OscalObservation } from './oscal-types';

/**
 * Observation UUIDs depend on the capture and the control only, so a capture filed under a
 * control keeps its UUID in every export.
 */
export function observationUuid(captureId: string, control: Pick<ReportControl, 'framework' | 'id'>): string {
  return exportUuid('observation', captureId, control.framework, control.id);
}

/** The observation of a capture as evidence for one control: the copy filed under `control`. */
export function captureObservation(
  control: ReportControl,
  c: ReportCapture,
  capturerUuid: string,
): OscalObservation {
  const seen = oneLine(c.pageTitle) || oneLine(c.pageUrl) || 'untitled page';
  const who = personText(c.capturer);
  const id = markdownText(oneLine(control.id));
  const others = c.controlIds.filter((x) => x !== control.id);
  const paragraphs = [
    `Screenshot of the page “${markdownText(oneLine(c.pageTitle) || 'untitled')}” at ` +
      `${markdownText(oneLine(c.pageUrl) || 'an unknown address')}, captured ${oscalDateTime(c.capturedAt, 'capturedAt')}` +
      `${who ? ` by ${markdownText(who)}` : ''}.` +
      (c.effectiveDate ? ` The capturer dates the activity shown ${c.effectiveDate}.` : ''),
    `Collected as evidence for ${markdownText(oneLine(control.framework))} control ${id}` +
      (oneLine(control.title) ? ` (${markdownText(oneLine(control.title))})` : '') +
      '. ProofTrail does not judge whether the control is met.' +
      (others.length
        ? ` The capture is also tagged to ${markdownText(others.map(oneLine).join(', '))}.`
        : ''),
    `Capture mode ${markdownText(oneLine(c.captureMode) || 'unknown')}, ${c.image.width}×${c.image.height} pixels.` +
      (c.imported ? ' Imported from a teammate’s bundle.' : ''),
  ];
  if (c.note.trim()) paragraphs.push(`Note: ${markdownText(c.note.trim())}`);
  return {
    uuid: observationUuid(c.id, control),
    title: `Screenshot for ${markdownText(clip(control.id, 60))}: ${markdownText(clip(seen, 200))}`,
    description: paragraphs.join('\n\n'),
    props: nonEmpty([
      ...prop('control-id', control.id),
      ...prop('control-token', controlToken(control.id)),
      ...prop('framework', control.framework),
      ...prop('capture-id', c.id),
      ...prop('capture-mode', c.captureMode),
      ...prop('effective-date', c.effectiveDate),
      ...prop('ledger-key', c.ledger?.fingerprint),
      ...prop('ledger-seq', c.ledger?.seq),
      ...prop('timestamp-status', c.timestamp.status),
      ...prop('timestamp-time', c.timestamp.genTime),
      ...prop('timestamp-authority', c.timestamp.tsaName),
      ...prop('imported', c.imported),
    ]),
    methods: ['EXAMINE'],
    types: ['control-objective'],
    origins: [{ actors: [{ type: 'party', 'actor-uuid': capturerUuid, 'role-id': 'evidence-collector' }] }],
    'relevant-evidence': [captureEvidence(control, c)],
    collected: oscalDateTime(c.capturedAt, 'capturedAt'),
  };
}

/** The screenshot's copy filed under one control, with its hashes and the files beside it. */
export function captureEvidence(control: ReportControl, c: ReportCapture): OscalEvidence {
  const links: OscalLink[] = [];
  const link = (path: string | undefined, rel: string, text: string, mediaType?: string) => {
    const href = path === undefined ? undefined : bundleHref(path);
    if (href) links.push({ href, rel, ...(mediaType ? { 'media-type': mediaType } : {}), text });
  };
  link(c.paths.metadata, 'capture-metadata', 'Capture metadata (JSON)', 'application/json');
  link(c.paths.pageText, 'page-text', 'Visible text of the page, redacted as captured', 'text/plain');
  link(c.paths.pageSnapshot, 'page-snapshot', 'Snapshot of the page');
  const href = bundleHref(c.paths.image);
  return {
    ...(href ? { href } : {}),
    description:
      `PNG screenshot filed under control ${markdownText(oneLine(control.id))} in the bundle, ` +
      'byte for byte as captured; its SHA-256 is in the props.',
    props: nonEmpty([...prop('image-sha256', c.image.sha256), ...prop('metadata-sha256', c.metadataSha256)]),
    links: nonEmpty(links),
  };
}
