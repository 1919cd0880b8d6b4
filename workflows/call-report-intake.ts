import { log } from '@temporalio/workflow';
import type { CallReport } from '../src/domain/call-report.ts';
import { readCallReport } from '../src/domain/call-report-shape.ts';
import type { ContactCallState } from './messages.ts';

/**
 * What a contact run does with a `callCompleted` signal, in every version: the report it carries
 * when that report is well formed, for the call in progress and the first one for it; otherwise
 * undefined, with a log line saying why it was ignored (a signal cannot be refused back to its sender).
 */
export function acceptCallReport(payload: unknown, state: ContactCallState, alreadyReported: boolean): CallReport | undefined {
  const read = readCallReport(payload);
  if ('problem' in read) {
    log.warn('callCompleted ignored: invalid payload', { issues: [read.problem] });
  } else if (read.report.call_id !== state.callId || state.phase === 'finished') {
    log.warn('callCompleted ignored: not the current call', { callId: read.report.call_id, current: state.callId });
  } else if (alreadyReported) {
    log.info('callCompleted ignored: call already reported', { callId: read.report.call_id });
  } else {
    return read.report;
  }
  return undefined;
}
