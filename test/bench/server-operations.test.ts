import { describe, expect, it } from 'vitest';
import { formatServerOperations, serverOperationsBetween, serverOperationsFrom } from '../../scripts/bench/server-operations.ts';
import { prometheusSamples } from '../../scripts/bench/prometheus-text.ts';

/** A scrape shaped like the Temporal server's: one series per service, histograms in seconds. */
function scrape(update: { count: number; seconds: number }, close: { count: number; seconds: number }, lists: number, closedRunQueries = 0): string {
  return [
    '# HELP persistence_latency persistence_latency histogram',
    '# TYPE persistence_latency histogram',
    `persistence_latency_bucket{operation="UpdateWorkflowExecution",service_name="history",le="0.001"} ${update.count / 2}`,
    `persistence_latency_sum{operation="UpdateWorkflowExecution",service_name="history"} ${update.seconds / 2}`,
    `persistence_latency_count{operation="UpdateWorkflowExecution",service_name="history"} ${update.count / 2}`,
    `persistence_latency_sum{operation="UpdateWorkflowExecution",service_name="matching"} ${update.seconds / 2}`,
    `persistence_latency_count{operation="UpdateWorkflowExecution",service_name="matching"} ${update.count / 2}`,
    `visibility_persistence_latency_sum{operation="RecordWorkflowExecutionClosed",service_name="history"} ${close.seconds}`,
    `visibility_persistence_latency_count{operation="RecordWorkflowExecutionClosed",service_name="history"} ${close.count}`,
    `visibility_persistence_latency_sum{operation="ListWorkflowExecutions",service_name="frontend"} ${lists * 0.03}`,
    `visibility_persistence_latency_count{operation="ListWorkflowExecutions",service_name="frontend"} ${lists}`,
    'persistence_requests{operation="UpdateWorkflowExecution",service_name="history"} 999',
    `direct_query_dispatch_latency_count{operation="QueryWorkflow",service_name="history",workflow_status="Running"} ${50 + closedRunQueries * 10}`,
    `direct_query_dispatch_latency_count{operation="QueryWorkflow",service_name="history",workflow_status="ContinuedAsNew"} ${closedRunQueries}`,
    'memory_heap{service_name="history"} 1.64182832e+08',
    '',
  ].join('\n');
}

describe('the Temporal server store operations a contact', () => {
  it('reads samples with and without labels, skipping comments', () => {
    const samples = [...prometheusSamples('# HELP x\nup 1\nreq_bucket{route="/campaigns/:id/status",le="+Inf"} 7\n')];
    expect(samples).toEqual([
      { name: 'up', labels: {}, value: 1 },
      { name: 'req_bucket', labels: { route: '/campaigns/:id/status', le: '+Inf' }, value: 7 },
    ]);
  });

  it('sums each operation over the services and keeps the store and visibility apart', () => {
    const ops = serverOperationsFrom(scrape({ count: 20, seconds: 0.04 }, { count: 3, seconds: 0.09 }, 1));
    expect(ops.get('persistence UpdateWorkflowExecution')).toEqual({ count: 20, seconds: 0.04 });
    expect(ops.get('visibility RecordWorkflowExecutionClosed')).toEqual({ count: 3, seconds: 0.09 });
    expect([...ops.keys()].sort()).toEqual([
      'persistence UpdateWorkflowExecution', 'query ContinuedAsNew', 'query Running', 'visibility ListWorkflowExecutions', 'visibility RecordWorkflowExecutionClosed',
    ]);
  });

  it('divides what happened between two scrapes by the contacts, visibility reads counted as operations but not as writes', () => {
    const before = serverOperationsFrom(scrape({ count: 100, seconds: 0.2 }, { count: 10, seconds: 0.2 }, 0));
    // 10 contacts: 110 more updates taking 0.33 s (3 ms each), 10 more closes taking 0.3 s (30 ms each), one list
    // and 22 queries sent to a worker, 2 of them to runs that had continued as new: not store operations
    const after = serverOperationsFrom(scrape({ count: 210, seconds: 0.53 }, { count: 20, seconds: 0.5 }, 1, 2));
    const perContact = serverOperationsBetween(before, after, 10);
    expect(perContact.operationsPerContact).toBeCloseTo(12.1, 6);
    expect(perContact.msEach).toBeCloseTo(((0.33 + 0.3 + 0.03) * 1000) / 121, 6);
    expect(perContact.visibilityWritesPerContact).toBeCloseTo(1, 6);
    expect(perContact.visibilityMsEach).toBeCloseTo(30, 6);
    expect(perContact.largest.map((l) => l.operation)).toEqual(['persistence UpdateWorkflowExecution', 'visibility RecordWorkflowExecutionClosed', 'visibility ListWorkflowExecutions']);
    expect(perContact.largest[0]).toMatchObject({ perContact: 11 });
    expect(perContact.largest[0]!.msEach).toBeCloseTo(3, 6);
    expect(perContact.queriesToClosedRuns).toEqual({ ContinuedAsNew: 2 });
    expect(formatServerOperations(perContact)).toMatch(/^12\.1 store operations a contact, 5\.45 ms each; visibility writes 1\.00 a contact, 30\.0 ms each; most time: persistence UpdateWorkflowExecution 11\.00 × 3\.00 ms/);
    expect(formatServerOperations(perContact)).toMatch(/; queries sent to a worker for a closed run: 2 ContinuedAsNew$/);
    expect(formatServerOperations(serverOperationsBetween(before, before, 10))).toMatch(/; queries sent to a worker for a closed run: none$/);
  });
});
