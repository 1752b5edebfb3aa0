import { describe, expect, it } from 'vitest';
import { parseRequestList } from '../../../lib/requests/parse-request-list';

const ok = (text: string) => {
  const r = parseRequestList(text);
  if (!r.ok) throw new Error(r.problems.join('\n'));
  return r.requests;
};
const problems = (text: string) => {
  const r = parseRequestList(text);
  if (r.ok) throw new Error('accepted a bad file');
  return r.problems;
};

describe('request list import: headers and synonyms', () => {
  it.each([
    ['Request ID', 'Control', 'Description', 'Owner', 'Due', 'Samples'],
    ['request #', 'Control Ref', 'Request', 'Assignee', 'Due Date', 'Sample Items'],
    ['PBC #', 'TSC Ref', 'DESCRIPTION', 'owner', 'due date', 'samples'],
    ['ID', 'Control ID', 'Description', 'Owner', 'Due', 'Samples'],
    ['  Request   ID ', ' control ', 'description', 'OWNER', 'DUE', 'SAMPLES'],
  ])('header %s, %s, %s, %s, %s, %s', (...header) => {
    const text = `${header.join(',')}\r\nPBC-1,"CC6.1, CC6.2",Quarterly access review,Dana,2026-03-31,CHG-1; CHG-2 ;CHG-3\r\n`;
    expect(ok(text)).toEqual([
      {
        id: 'PBC-1',
        controlIds: ['CC6.1', 'CC6.2'],
        description: 'Quarterly access review',
        owner: 'Dana',
        due: '2026-03-31',
        samples: [{ id: 'CHG-1' }, { id: 'CHG-2' }, { id: 'CHG-3' }],
        line: 2,
      },
    ]);
  });

  it('splits controls on commas, semicolons and line breaks, once each', () => {
    const [r] = ok('Request ID,Control\nR1,"A.5.15; A.8.2\nA.5.18,A.5.15"\n');
    expect(r!.controlIds).toEqual(['A.5.15', 'A.8.2', 'A.5.18']);
  });

  it('accepts the SCF Evidence Request List columns (ERL #, Documentation Artifact, Artifact Description, SCF Control Mappings)', () => {
    const text = [
      '#,ERL #,Area of Focus,Documentation Artifact,Artifact Description,SCF Control Mappings',
      '1,E-GOV-01,Cybersecurity & Data Protection Management,Charter - Cybersecurity Program,Documented evidence of a corporate-level program.,GOV-01',
      '2,E-GOV-02,Cybersecurity & Data Protection Management,Charter - Privacy Program,"Steering committee, privacy.","GOV-01\nPRI-01"',
      '3,E-IAC-01,Identification & Authentication,Access reviews,Reviews.,IAC-01 IAC-17',
    ].join('\n');
    const requests = ok(text);
    expect(requests.map((r) => [r.id, r.controlIds, r.title, r.line])).toEqual([
      ['E-GOV-01', ['GOV-01'], 'Charter - Cybersecurity Program', 2],
      ['E-GOV-02', ['GOV-01', 'PRI-01'], 'Charter - Privacy Program', 3],
      ['E-IAC-01', ['IAC-01', 'IAC-17'], 'Access reviews', 5],
    ]);
    expect(requests[1]!.description).toBe('Steering committee, privacy.');
    expect(requests[0]!.samples).toEqual([]);
  });

  it('skips blank lines and a byte order mark; extra columns are ignored', () => {
    const requests = ok('\uFEFFRequest ID,Control,Comments\n\nR1,CC1.1,whatever\n,,\n');
    expect(requests).toHaveLength(1);
    expect(requests[0]!.line).toBe(3);
  });
});

describe('request list import: bad files are refused whole, every bad row named', () => {
  it('names every bad row by line and reason', () => {
    const text = [
      'Request ID,Control,Description,Due,Samples',
      'R1,CC6.1,ok,2026-03-31,S1',
      ',CC6.1,no id,,',
      'R2,,no control,,',
      'R1,CC6.2,duplicate,,',
      'R3,CC6.3,bad due,31/03/2026,',
      'R4,CC6.3,impossible day,2026-02-30,',
      'R5,CC6.3,samples,,"S1;S1"',
      'R6,CC6.3,population sample,,population',
      'r1,CC6.3,case duplicate,,',
    ].join('\n');
    expect(problems(text)).toEqual([
      'line 3: the request ID is empty',
      'line 4 (request R2): no control reference',
      'line 5 (request R1): request ID "R1" is already on line 2',
      'line 6 (request R3): due date "31/03/2026" is not a date written YYYY-MM-DD (e.g. 2026-03-31)',
      'line 7 (request R4): due date "2026-02-30" is not a date written YYYY-MM-DD (e.g. 2026-03-31)',
      'line 8 (request R5): sample "S1" is listed twice',
      'line 9 (request R6): sample "population" would take the bundle folder "population" kept for the population; rename it',
      'line 10 (request r1): request ID "r1" is already on line 2',
    ]);
  });

  it('counts lines inside quoted multi-line cells', () => {
    const text = 'Request ID,Control,Description\nR1,CC1.1,"one\ntwo\nthree"\n,CC1.1,x\n';
    expect(problems(text)).toEqual(['line 5: the request ID is empty']);
  });

  it('refuses samples that would share a bundle folder', () => {
    expect(problems('Request ID,Control,Samples\nR1,CC1.1,"CHG 1;CHG/1"\n')).toEqual([
      'line 2 (request R1): samples "CHG 1" and "CHG/1" would share the bundle folder "CHG_1"',
    ]);
  });

  it('refuses an unknown header set, saying what is accepted and what was found', () => {
    const [a, b] = problems('Ticket,Thing\nR1,CC1.1\n');
    expect(a).toMatch(
      /^line 1 \(header\): no request ID column \(accepted: "Request Id", "Request #", .*"Erl #"\); the header is "Ticket", "Thing"$/,
    );
    expect(b).toMatch(/^line 1 \(header\): no control column/);
  });

  it('refuses a header giving one field twice', () => {
    expect(problems('Request ID,PBC #,Control\nR1,R1,CC1.1\n')).toEqual([
      'line 1 (header): columns "Request ID" and "PBC #" both give the request ID',
    ]);
  });

  it('refuses an empty file and a header alone', () => {
    expect(problems('')).toEqual(['line 1: the file is empty (no header row)']);
    expect(problems('Request ID,Control\n')).toEqual(['line 1: the file has a header but no request']);
  });

  it('names a broken quote', () => {
    expect(problems('Request ID,Control\nR1,"CC1.1\n')[0]).toMatch(/^line 2: /);
  });
});
