import type { Identity } from '../db/types';
import type { CaptureMetadata } from '../formats/capture-metadata';
import type { DeletionRecord } from '../formats/deletion-record';
import type { SelectionScope } from '../formats/scope-types';
import type {
  ReportCapture,
  ReportControl,
  ReportCoverage,
  ReportModel,
  ReportSigner,
} from '../report/model';
import type { LedgerSource } from './ledger-sources';
import { describeScope } from './scope';

interface Sources {
  local?: LedgerSource;
  foreign: Map<string, LedgerSource>;
}

/** Gathers what the reports say while captures are written: text and paths only, no image bytes. */
export class ReportBuilder {
  private readonly entries = new Map<string, { source: LedgerSource; seq: number }>();
  private readonly controls = new Map<string, ReportControl>();
  private readonly used = new Set<string>();
  private first?: string;
  private last?: string;

  constructor(private readonly sources: Sources) {
    for (const source of [sources.local, ...sources.foreign.values()])
      for (const r of source?.records ?? [])
        if (r.entry.type === 'capture' && !this.entries.has(r.entry.subject))
          this.entries.set(r.entry.subject, { source: source!, seq: r.entry.seq });
  }

  /** Records one capture as filed under each of its controls in scope. */
  addCapture(capture: CaptureMetadata, paths: Map<string, ReportCapture['paths']>): void {
    const found = this.entries.get(capture.id);
    if (found?.source.folder) this.used.add(found.source.publicKey.fingerprint);
    if (!this.first || capture.capturedAt < this.first) this.first = capture.capturedAt;
    if (!this.last || capture.capturedAt > this.last) this.last = capture.capturedAt;
    for (const [controlId, p] of paths) {
      const tagged = capture.controls.find((c) => c.id === controlId);
      let control = this.controls.get(controlId);
      if (!control) {
        control = {
          id: controlId,
          framework: tagged?.framework ?? '',
          title: tagged?.title ?? '',
          captures: [],
        };
        this.controls.set(controlId, control);
      }
      control.captures.push({
        id: capture.id,
        capturedAt: capture.capturedAt,
        ...('effectiveDate' in capture && capture.effectiveDate
          ? { effectiveDate: capture.effectiveDate }
          : {}),
        pageUrl: capture.pageUrl,
        pageTitle: capture.pageTitle,
        capturer: capture.capturer,
        note: capture.note,
        controlIds: capture.controlIds,
        captureMode: capture.captureMode,
        image: { width: capture.image.width, height: capture.image.height, sha256: capture.image.sha256 },
        metadataSha256: capture.metadataSha256,
        paths: p,
        ...(found ? { ledger: { fingerprint: found.source.publicKey.fingerprint, seq: found.seq } } : {}),
        timestamp: found ? timestampOf(found.source, found.seq) : { status: 'none' },
        imported: Boolean(found?.source.folder),
      });
    }
  }

  /** Records a deletion in scope: the teammate's ledger holding its tombstone must come along. */
  addDeletion(captureId: string): void {
    for (const [fingerprint, source] of this.sources.foreign)
      if (source.records.some((r) => r.entry.type === 'deletion' && r.entry.subject === captureId))
        this.used.add(fingerprint);
  }

  /** Teammates' keys whose ledgers the bundle must carry: their captures' and tombstones'. */
  foreignSignersUsed(): string[] {
    return [...this.used].sort();
  }

  /** The finished model. */
  model(o: {
    bundleName: string;
    exportedAt: string;
    exportedBy?: Identity;
    extensionVersion: string;
    scope: SelectionScope;
    deletions: DeletionRecord[];
    coverage?: ReportCoverage;
  }): ReportModel {
    const signers: ReportSigner[] = [];
    const sources = [
      this.sources.local,
      ...this.foreignSignersUsed().map((f) => this.sources.foreign.get(f)),
    ];
    for (const s of sources) if (s) signers.push(describeSigner(s));
    return {
      bundleName: o.bundleName,
      exportedAt: o.exportedAt,
      ...(o.exportedBy ? { exportedBy: o.exportedBy } : {}),
      extensionVersion: o.extensionVersion,
      scopeLabel: describeScope(o.scope),
      scope: o.scope,
      period: {
        from: o.scope.from ?? this.first ?? o.exportedAt,
        to: o.scope.to ?? this.last ?? o.exportedAt,
      },
      signers,
      controls: [...this.controls.values()].sort(
        (a, b) => a.framework.localeCompare(b.framework) || a.id.localeCompare(b.id, 'en', { numeric: true }),
      ),
      deletions: o.deletions.map((d) => ({
        captureId: d.captureId,
        controlIds: d.controlIds,
        capturedAt: d.capturedAt,
        pageUrl: d.pageUrl,
        deletedAt: d.deletedAt,
        deletedBy: d.deletedBy,
        reason: d.reason,
      })),
      ...(o.coverage ? { coverage: o.coverage } : {}),
    };
  }
}

function timestampOf(source: LedgerSource, seq: number): ReportCapture['timestamp'] {
  const t = source.tokens.get(seq)?.[0];
  if (t) return { status: 'stamped', genTime: t.genTime, tsaName: t.tsaName };
  return source.pending.has(seq) ? { status: 'pending' } : { status: 'none' };
}

function describeSigner(s: LedgerSource): ReportSigner {
  const actors = new Map<string, Identity>();
  for (const r of s.records) actors.set(r.entry.actor.email.toLowerCase(), r.entry.actor);
  return {
    fingerprint: s.publicKey.fingerprint,
    actors: [...actors.values()],
    entries: s.records.length,
    stamped: s.tokens.size,
  };
}
