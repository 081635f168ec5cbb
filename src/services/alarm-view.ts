import type { ForkReport, WitnessAlarm } from '../consortium/index.ts';

/**
 * An alarm as GET /v1/alarms shows it: raised by a witness (a fork it caught, a proof it
 * rejected, entries that do not hash to what the log signed) or reported to a sequencer by one
 * of its witnesses. Either way someone tried to present two histories of one chain.
 */
export interface AlarmView {
  /** `witness:<name>` or `sequencer:<chain>`. */
  source: string;
  kind: 'fork' | 'proof-rejected' | 'audit-mismatch' | 'witness-report';
  origin: string;
  /** RFC 3339 UTC. */
  detectedAt: string;
  summary: string;
  witness?: string;
  code?: string;
  treeSize?: number;
  knownNote?: string | null;
  conflictingNote?: string;
  evidence?: string;
}

export function witnessAlarmToView(witness: string, alarm: WitnessAlarm): AlarmView {
  return {
    source: `witness:${witness}`,
    kind: alarm.kind,
    origin: alarm.origin,
    detectedAt: alarm.detectedAt,
    summary: alarm.evidence.split('\n')[0] ?? alarm.kind,
    witness,
    knownNote: alarm.knownNote,
    conflictingNote: alarm.conflictingNote,
    evidence: alarm.evidence,
  };
}

export function forkReportToView(chain: string, report: ForkReport): AlarmView {
  return {
    source: `sequencer:${chain}`,
    kind: 'witness-report',
    origin: report.origin,
    detectedAt: report.reportedAt,
    summary: `witness ${report.witness} refused checkpoint ${report.treeSize}: ${report.reason}`,
    witness: report.witness,
    code: report.code,
    treeSize: report.treeSize,
    conflictingNote: report.checkpointNote,
  };
}

/** Alarms newest first. */
export function sortAlarms(alarms: readonly AlarmView[]): AlarmView[] {
  return [...alarms].sort((a, b) => (a.detectedAt < b.detectedAt ? 1 : a.detectedAt > b.detectedAt ? -1 : 0));
}
