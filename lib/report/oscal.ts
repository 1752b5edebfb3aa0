// The bundle's OSCAL 1.0.6 Assessment Results document (docs/oscal-format.md): one result for the
// export, an observation per capture, a finding per control. Pure and deterministic: the same
// model always gives the same document, UUIDs included.

import type { ReportControl, ReportModel } from './model';
import { controlToken, exportUuid } from './oscal-ids';
import { captureEvidence, captureObservation, observationUuid } from './oscal-observation';
import { partyList } from './oscal-parties';
import { markdownText, nonEmpty, oneLine, oscalDateTime, personText, prop } from './oscal-text';
import type { OscalAssessmentResults, OscalFinding, OscalLogEntry, OscalObservation } from './oscal-types';

export type { OscalAssessmentResults } from './oscal-types';

/** The OSCAL release whose schema the document follows. */
export const OSCAL_VERSION = '1.0.6';
/** Version of ProofTrail's mapping onto OSCAL; raised when the meaning of a field changes. */
export const OSCAL_MAPPING_VERSION = 1;

const NOT_ASSESSED =
  'Not assessed. ProofTrail collects evidence and makes no determination. OSCAL 1.0.6 allows only ' +
  '"satisfied" or "not-satisfied"; ProofTrail writes "not-satisfied" with reason "other" so that no ' +
  'tool reads an unreviewed control as met. The assessor sets the status after examining the related observations.';

/** The OSCAL Assessment Results document for a bundle's report model. */
export function oscalAssessmentResults(model: ReportModel): OscalAssessmentResults {
  const docUuid = exportUuid('assessment-results', model.bundleName, model.exportedAt);
  const exportedAt = oscalDateTime(model.exportedAt, 'exportedAt');
  const people = partyList();
  const exporterUuid = model.exportedBy ? people.uuidOf(model.exportedBy) : undefined;

  // One observation per capture; a capture tagged to several controls gains one evidence item
  // per control folder holding a copy.
  const observations = new Map<string, OscalObservation>();
  const collectors = new Set<string>();
  for (const control of model.controls) {
    for (const c of control.captures) {
      const known = observations.get(c.id);
      if (known) {
        known['relevant-evidence'].push(captureEvidence(control, c));
        continue;
      }
      const capturerUuid = people.uuidOf(c.capturer);
      collectors.add(capturerUuid);
      observations.set(c.id, captureObservation(control, c, capturerUuid));
    }
  }
  const log = model.deletions.map((d): OscalLogEntry => {
    const by = personText(d.deletedBy);
    return {
      uuid: exportUuid('deletion', docUuid, d.captureId, d.deletedAt),
      title: 'Evidence deleted',
      description:
        `Capture ${markdownText(oneLine(d.captureId))} of ${markdownText(oneLine(d.pageUrl) || 'an unknown address')}, ` +
        `captured ${oscalDateTime(d.capturedAt, 'deletion capturedAt')} and tagged to ` +
        `${markdownText(d.controlIds.map(oneLine).join(', ') || 'no control')}, was deleted` +
        `${by ? ` by ${markdownText(by)}` : ''}. Reason: ${markdownText(d.reason.trim() || 'none given')}`,
      start: oscalDateTime(d.deletedAt, 'deletedAt'),
      props: nonEmpty(prop('capture-id', d.captureId)),
      'logged-by': [{ 'party-uuid': people.uuidOf(d.deletedBy) }],
    };
  });

  const noPlanUuid = exportUuid('no-assessment-plan', docUuid);
  const tokens = model.controls.map((c) => controlToken(c.id));
  const responsible = [
    ...(exporterUuid ? [{ 'role-id': 'prepared-by', 'party-uuids': [exporterUuid] }] : []),
    ...(collectors.size > 0 ? [{ 'role-id': 'evidence-collector', 'party-uuids': [...collectors] }] : []),
  ];
  return {
    'assessment-results': {
      uuid: docUuid,
      metadata: {
        title: `ProofTrail evidence: ${markdownText(oneLine(model.scopeLabel))}`,
        published: exportedAt,
        'last-modified': exportedAt,
        version: '1',
        'oscal-version': OSCAL_VERSION,
        props: [
          ...prop('mapping-version', OSCAL_MAPPING_VERSION),
          ...prop('prooftrail-version', model.extensionVersion),
          ...prop('bundle-name', model.bundleName),
        ],
        roles: [
          { id: 'prepared-by', title: 'Prepared By' },
          { id: 'evidence-collector', title: 'Evidence Collector' },
        ],
        parties: nonEmpty(people.parties()),
        'responsible-parties': nonEmpty(responsible),
      },
      'import-ap': {
        href: `#${noPlanUuid}`,
        remarks:
          'ProofTrail has no assessment plan; this reference points at a back-matter resource saying so.',
      },
      results: [
        {
          uuid: exportUuid('result', docUuid),
          title: `Evidence collected with ProofTrail: ${markdownText(oneLine(model.scopeLabel))}`,
          description:
            `Screenshots of live systems captured with ProofTrail and exported by ProofTrail ` +
            `${markdownText(oneLine(model.extensionVersion))} in the bundle ${markdownText(oneLine(model.bundleName))}. ` +
            'Each observation is one capture, with the bundle paths and SHA-256 hashes of its files and ' +
            'its entry in the bundle’s signed ledger; each finding lists the captures for one control.',
          start: oscalDateTime(model.period.from, 'period.from'),
          end: oscalDateTime(model.period.to, 'period.to'),
          props: nonEmpty(model.signers.flatMap((s) => prop('signing-key', s.fingerprint))),
          'reviewed-controls': {
            'control-selections': [
              tokens.length > 0
                ? { 'include-controls': tokens.map((t) => ({ 'control-id': t })) }
                : { remarks: 'No control had evidence in scope.' },
            ],
          },
          observations: nonEmpty([...observations.values()]),
          findings: nonEmpty(model.controls.map((c, i) => controlFinding(docUuid, c, tokens[i]!))),
          'assessment-log': log.length > 0 ? { entries: log } : undefined,
          remarks: NOT_ASSESSED,
        },
      ],
      'back-matter': {
        resources: [
          {
            uuid: noPlanUuid,
            title: 'No assessment plan',
            description:
              'ProofTrail gathers evidence outside any OSCAL assessment plan. OSCAL requires an import-ap ' +
              'reference, so it points here.',
          },
        ],
      },
    },
  };
}

/** A control's finding: its evidence, and an explicit "not assessed" status. */
function controlFinding(docUuid: string, control: ReportControl, token: string): OscalFinding {
  const id = markdownText(oneLine(control.id));
  const title = markdownText(oneLine(control.title));
  const related = [...new Set(control.captures.map((c) => observationUuid(c.id)))];
  const n = related.length;
  return {
    uuid: exportUuid('finding', docUuid, control.framework, control.id),
    title: `${id} ${title}`.trim(),
    description:
      `${n} capture${n === 1 ? '' : 's'} collected as evidence for ${markdownText(oneLine(control.framework))} ` +
      `control ${id}. ProofTrail does not judge whether the control is met.`,
    props: nonEmpty([...prop('control-id', control.id), ...prop('framework', control.framework)]),
    target: {
      type: 'objective-id',
      'target-id': token,
      title: `${id} ${title}`.trim(),
      status: { state: 'not-satisfied', reason: 'other', remarks: NOT_ASSESSED },
    },
    'related-observations': nonEmpty(related.map((u) => ({ 'observation-uuid': u }))),
  };
}
