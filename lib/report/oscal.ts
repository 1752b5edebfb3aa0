// The bundle's OSCAL Assessment Results document (docs/oscal-format.md): one result for the
// export, one observation per capture and control it is filed under, and no findings: ProofTrail
// collects evidence and records no verdict. Pure and deterministic: the same model always gives
// the same document, UUIDs included.

import type { ReportModel } from './model';
import { controlToken, documentSubject, exportUuid } from './oscal-ids';
import { captureObservation } from './oscal-observation';
import { partyList } from './oscal-parties';
import { markdownText, nonEmpty, oneLine, oscalDateTime, personText, prop } from './oscal-text';
import type { OscalAssessmentResults, OscalLogEntry, OscalObservation } from './oscal-types';

export type { OscalAssessmentResults } from './oscal-types';

/** The OSCAL release whose schema the document follows (docs/schemas/oscal_assessment-results_schema-1.2.2.json). */
export const OSCAL_VERSION = '1.2.2';
/** Version of ProofTrail's mapping onto OSCAL; raised when the meaning of a field changes. */
export const OSCAL_MAPPING_VERSION = 2;

const NO_VERDICT =
  'ProofTrail collects evidence and makes no determination: this result has observations and no ' +
  'findings, so it states no control as satisfied or not satisfied. An assessor records a finding ' +
  'after examining the observations of a control.';

/** The OSCAL Assessment Results document for a bundle's report model. */
export function oscalAssessmentResults(model: ReportModel): OscalAssessmentResults {
  const docUuid = exportUuid(
    'assessment-results',
    documentSubject(model.signers[0]?.fingerprint, model.scope, model.scopeLabel),
  );
  const exportedAt = oscalDateTime(model.exportedAt, 'exportedAt');
  const people = partyList();
  const exporterUuid = model.exportedBy ? people.uuidOf(model.exportedBy) : undefined;

  // One observation per capture and control: a capture tagged to several controls in scope is
  // one observation under each, each pointing at the copy filed under that control.
  const observations: OscalObservation[] = [];
  const collectors = new Set<string>();
  for (const control of model.controls) {
    for (const c of control.captures) {
      const capturerUuid = people.uuidOf(c.capturer);
      collectors.add(capturerUuid);
      observations.push(captureObservation(control, c, capturerUuid));
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
  const tokens = reviewedControls(model).map(controlToken);
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
        version: exportedAt,
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
            'Each observation is one capture filed as evidence for one control (its control-id prop), ' +
            'with the bundle paths and SHA-256 hashes of its files and its entry in the bundle’s signed ledger.',
          start: oscalDateTime(model.period.from, 'period.from'),
          end: oscalDateTime(model.period.to, 'period.to'),
          props: nonEmpty(model.signers.flatMap((s) => prop('signing-key', s.fingerprint))),
          'reviewed-controls': {
            'control-selections': [
              tokens.length > 0
                ? { 'include-controls': tokens.map((t) => ({ 'control-id': t })) }
                : {
                    'include-all': {},
                    remarks:
                      'The scope selects every control; none had evidence, so there is no observation.',
                  },
            ],
          },
          observations: nonEmpty(observations),
          'assessment-log': log.length > 0 ? { entries: log } : undefined,
          remarks: NO_VERDICT,
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

/**
 * The controls in scope: those with evidence, in the model's order, then any other control the
 * scope selects (sorted), which has no observation.
 */
function reviewedControls(model: ReportModel): string[] {
  const ids = model.controls.map((c) => c.id);
  const seen = new Set(ids);
  const rest = [...new Set(model.scope?.controlIds ?? [])].filter((id) => !seen.has(id));
  return [...ids, ...rest.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))];
}
