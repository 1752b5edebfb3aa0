import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { deleteCapture, saveCapture } from '../../../lib/db/captures-repo';
import { ProofTrailDb } from '../../../lib/db/database';
import { readSearchIndex, writeSearchIndex } from '../../../lib/db/search-index-store';
import type { CaptureMetadata } from '../../../lib/formats/capture-metadata';
import { CaptureSearch, INDEX_FORMAT } from '../../../lib/search/capture-search';
import { PAGE_TEXT_LIMIT, searchDocumentOf } from '../../../lib/search/search-document';
import { sampleRecord } from '../db/sample-record';
import { freshDb } from '../helpers';

const text = (s: string) => ({ text: new Blob([s], { type: 'text/plain;charset=utf-8' }) });
const ids = (hits: { id: string }[]) => hits.map((h) => h.id).sort();
const me = { name: 'Dana', email: 'dana@example.com' };

/** Three captures with different notes, titles, addresses, page texts and controls. */
async function library(db: ProofTrailDb): Promise<CaptureMetadata[]> {
  const a = await sampleRecord(undefined, {
    note: 'Quarterly access review signed off by Priya',
    pageTitle: 'Okta admin: users',
    pageUrl: 'https://acme.okta.example/admin/users',
  });
  const b = await sampleRecord(undefined, {
    pageTitle: 'Backups',
    pageUrl: 'https://console.aws.example/backup/plans',
    controlIds: ['A.8.13'],
    controls: [{ id: 'A.8.13', title: 'Information backup', framework: 'ISO/IEC 27001:2022' }],
  });
  const c = await sampleRecord(undefined, {
    pageTitle: 'Firewall rules',
    pageUrl: 'https://fw.example/rules',
  });
  await saveCapture(db, a, new Blob([new Uint8Array([1])]), text('MFA enforced for every administrator'));
  await saveCapture(db, b, new Blob([new Uint8Array([1])]), text('Retention 35 days, daily snapshots'));
  await saveCapture(db, c, new Blob([new Uint8Array([1])]));
  return [a, b, c];
}

describe('the library search index', () => {
  it('is built from every capture when none is stored, and finds by note, title, address, page text and control', async () => {
    const db = freshDb();
    const [a, b, c] = await library(db);
    const s = new CaptureSearch(db);
    const report = await s.sync();
    expect(report).toMatchObject({ rebuilt: true, reason: 'missing', added: 3, removed: 0, count: 3 });
    expect(ids(s.search('priya'))).toEqual([a!.id]);
    expect(ids(s.search('okta users'))).toEqual([a!.id]);
    expect(ids(s.search('aws'))).toEqual([b!.id]);
    expect(ids(s.search('snapshots'))).toEqual([b!.id]);
    expect(ids(s.search('administrator'))).toEqual([a!.id]);
    expect(ids(s.search('A.8.13'))).toEqual([b!.id]);
    expect(ids(s.search('information backup'))).toEqual([b!.id]);
    // Every capture tagged to A.5.18 by its control title.
    expect(ids(s.search('access rights'))).toEqual([a!.id, c!.id].sort());
    // As typed: the last word may be the start of a word; every word must match.
    expect(ids(s.search('retent'))).toEqual([b!.id]);
    // One or two letters match whole words only (they begin too many).
    expect(ids(s.search('ok'))).toEqual([]);
    expect(ids(s.search('firewall snapshots'))).toEqual([]);
    expect(s.search('')).toEqual([]);
    expect(s.search('snapshots')[0]!.fields).toEqual(['text']);
    expect(s.search('backup')[0]!.fields).toEqual(['title', 'controls', 'url']);
  });

  it('is stored, and loaded as stored by the next page that opens it', async () => {
    const db = freshDb();
    const [a] = await library(db);
    await new CaptureSearch(db).sync();
    const row = await readSearchIndex(db);
    expect(row?.format).toBe(INDEX_FORMAT);
    expect(row?.ids).toHaveLength(3);
    const again = new CaptureSearch(db);
    expect(await again.sync()).toMatchObject({ rebuilt: false, added: 0, removed: 0, count: 3 });
    expect(ids(again.search('priya'))).toEqual([a!.id]);
  });

  it('catches up with captures added and deleted since, whoever wrote them, and stores the result', async () => {
    const db = freshDb();
    const [a, b] = await library(db);
    const s = new CaptureSearch(db);
    await s.sync();
    const d = await sampleRecord(undefined, { note: 'Vendor risk register exported' });
    await saveCapture(db, d, new Blob([new Uint8Array([1])]), text('Vendor Zephyrine rated high'));
    await deleteCapture(db, a!.id, 'wrong page', me);
    expect(await s.sync()).toMatchObject({ rebuilt: false, added: 1, removed: 1, count: 3 });
    expect(ids(s.search('zephyrine'))).toEqual([d.id]);
    expect(ids(s.search('priya'))).toEqual([]);
    // A capture written around every hook (as a bulk import or an old version might) is caught too.
    const e = await sampleRecord(undefined, { note: 'Written straight into the table' });
    await db.captures.add(e);
    await db.captures.delete(b!.id);
    expect(await s.sync()).toMatchObject({ added: 1, removed: 1 });
    expect(ids(s.search('straight'))).toEqual([e.id]);
    expect(ids(s.search('snapshots'))).toEqual([]);
    // What the next page loads is that state.
    const next = new CaptureSearch(db);
    expect(await next.sync()).toMatchObject({ rebuilt: false, added: 0, removed: 0, count: 3 });
    expect(ids(next.search('zephyrine'))).toEqual([d.id]);
    expect(ids(next.search('priya'))).toEqual([]);
  });

  it('is rebuilt when the stored one is of another format or unreadable', async () => {
    const db = freshDb();
    const [a] = await library(db);
    await new CaptureSearch(db).sync();
    const row = (await readSearchIndex(db))!;
    await writeSearchIndex(db, { ...row, format: INDEX_FORMAT + 1 });
    const s = new CaptureSearch(db);
    expect(await s.sync()).toMatchObject({ rebuilt: true, reason: 'format', added: 3 });
    expect(ids(s.search('priya'))).toEqual([a!.id]);
    await writeSearchIndex(db, { format: INDEX_FORMAT, ids: row.ids, json: '{"not":"an index"' });
    const t = new CaptureSearch(db);
    expect(await t.sync()).toMatchObject({ rebuilt: true, reason: 'unreadable', added: 3 });
    expect(ids(t.search('priya'))).toEqual([a!.id]);
    // Ids that disagree with what the index holds: rebuilt, not trusted.
    await writeSearchIndex(db, { ...row, ids: row.ids.slice(1) });
    expect(await new CaptureSearch(db).sync()).toMatchObject({ rebuilt: true, reason: 'unreadable' });
  });

  it('gets built for a database from before the index (version 8), without being asked', async () => {
    const name = `test-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(8).stores({
      captures: 'id, capturedAt, *controlIds, pageUrl',
      pageContext: 'captureId',
      captureKeys: 'id',
    });
    const r = await sampleRecord(undefined, { note: 'Kept from before the upgrade' });
    await old.table('captures').add(r);
    await old.table('pageContext').add({ captureId: r.id, ...text('Legacy console page') });
    old.close();
    const db = new ProofTrailDb(name);
    const s = new CaptureSearch(db);
    expect(await s.sync()).toMatchObject({ rebuilt: true, reason: 'missing', count: 1 });
    expect(ids(s.search('legacy console'))).toEqual([r.id]);
    expect(db.verno).toBeGreaterThanOrEqual(10);
  });

  it('filters by address, case-insensitively, from the addresses it keeps', async () => {
    const db = freshDb();
    const [a, b] = await library(db);
    const s = new CaptureSearch(db);
    await s.sync();
    expect(s.urlContains('OKTA.example').sort()).toEqual([a!.id]);
    expect(s.urlContains('example').length).toBe(3);
    expect(s.urlContains('/backup/')).toEqual([b!.id]);
  });
});

describe('a capture’s search document', () => {
  it('holds its note, title, address, control IDs and titles, and the start of its page text', async () => {
    const r = await sampleRecord(undefined, { note: 'n', pageTitle: 't', pageUrl: 'https://u.example/' });
    const long = `${'word '.repeat(PAGE_TEXT_LIMIT / 5)}tailword`;
    const d = searchDocumentOf(r, long);
    expect(d).toMatchObject({ id: r.id, note: 'n', title: 't', url: 'https://u.example/' });
    expect(d.controls).toBe('A.5.18 Access rights granted, reviewed and removed');
    expect(d.text).toHaveLength(PAGE_TEXT_LIMIT);
    expect(d.text).not.toContain('tailword');
    expect(searchDocumentOf(r).text).toBe('');
  });
});
