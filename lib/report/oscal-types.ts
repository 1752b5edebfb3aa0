// The parts of OSCAL 1.2.2 Assessment Results that ProofTrail writes: not the whole model, only
// the fields used. The schema (docs/schemas/oscal_assessment-results_schema-1.2.2.json) is the
// authority; test/unit/report/oscal*.test.ts validate every export shape against it.

import type { OscalProp } from './oscal-text';

export interface OscalAssessmentResults {
  'assessment-results': {
    uuid: string;
    metadata: OscalMetadata;
    'import-ap': { href: string; remarks?: string };
    results: [OscalResult];
    'back-matter': { resources: OscalResource[] };
  };
}

export interface OscalMetadata {
  title: string;
  published: string;
  'last-modified': string;
  version: string;
  'oscal-version': string;
  props: OscalProp[];
  roles: { id: string; title: string }[];
  parties?: OscalParty[];
  'responsible-parties'?: { 'role-id': string; 'party-uuids': string[] }[];
}

export interface OscalParty {
  uuid: string;
  type: 'person';
  name?: string;
  'email-addresses'?: string[];
  props?: OscalProp[];
}

export interface OscalResource {
  uuid: string;
  title: string;
  description: string;
}

export interface OscalResult {
  uuid: string;
  title: string;
  description: string;
  start: string;
  end: string;
  props?: OscalProp[];
  'reviewed-controls': {
    'control-selections': [
      | { 'include-controls': { 'control-id': string }[] }
      | { 'include-all': Record<string, never>; remarks: string },
    ];
  };
  observations?: OscalObservation[];
  'assessment-log'?: { entries: OscalLogEntry[] };
  remarks: string;
}

export interface OscalObservation {
  uuid: string;
  title: string;
  description: string;
  props?: OscalProp[];
  methods: string[];
  types: string[];
  origins?: { actors: { type: 'party'; 'actor-uuid': string; 'role-id': string }[] }[];
  'relevant-evidence': OscalEvidence[];
  collected: string;
}

export interface OscalEvidence {
  href?: string;
  description: string;
  props?: OscalProp[];
  links?: OscalLink[];
}

export interface OscalLink {
  href: string;
  rel: string;
  'media-type'?: string;
  text: string;
}

export interface OscalLogEntry {
  uuid: string;
  title: string;
  description: string;
  start: string;
  props?: OscalProp[];
  'logged-by'?: { 'party-uuid': string }[];
}
