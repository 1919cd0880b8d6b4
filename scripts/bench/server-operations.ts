// What a campaign asks of the Temporal server's store, read from the server's own Prometheus endpoint:
// its persistence operations (histories, mutable state, task queues) and its visibility writes (the
// rows the Web UI and `temporal workflow list` search), counted and timed by operation. Across
// campaign sizes it separates the two ways a contact can get dearer: more operations a contact (the
// service asks more of the server) or the same operations taking longer (the server's store grows).
// The times are the server's wall time inside each operation, waits for its store's locks and for a
// processor included: on a shared machine they move with its load as well as with the store.
import { prometheusSamples } from './prometheus-text.ts';

/**
 * Count and total seconds of each store operation, keyed `persistence <Operation>` or `visibility
 * <Operation>`; and of the queries the history service sent straight to a worker, keyed `query
 * <run status>` (not store operations: kept apart from them below).
 */
export type ServerOperations = Map<string, { count: number; seconds: number }>;

export interface ServerOperationsPerContact {
  /** store operations of every kind (visibility writes included) a contact */
  operationsPerContact: number;
  /** their mean wall time, in ms */
  msEach: number;
  /** visibility writes (a run's start, a search-attribute upsert, its close) a contact */
  visibilityWritesPerContact: number;
  visibilityMsEach: number;
  /** the operations that took the most time, largest first */
  largest: { operation: string; perContact: number; msEach: number }[];
  /**
   * Queries sent to a worker for a run that had closed, by the run's status (`ContinuedAsNew`,
   * `Completed`, ...): a worker answers each by replaying that run's whole history. A finished
   * campaign's final answer is one `Completed` a campaign; a status read that reached a run after it
   * continued as new would be a `ContinuedAsNew`. The server tags a query with the run's status when
   * it arrives: one held behind the run's last workflow task and sent on after that task closed the
   * run counts as `Running`, so it does not show here.
   */
  queriesToClosedRuns: Record<string, number>;
}

// the server's histograms: persistence operations, and visibility ones (both with an `operation` label, in seconds)
const HISTOGRAMS = { persistence: 'persistence_latency', visibility: 'visibility_persistence_latency' } as const;
const LARGEST_SHOWN = 4;
// the history service's queries dispatched to a worker directly (not in a workflow task), by the run's status
const QUERY_DISPATCH_COUNT = 'direct_query_dispatch_latency_count';
const QUERY = 'query ';

/** The store operations in one scrape of the server's `/metrics`, summed over its services. */
export function serverOperationsFrom(text: string): ServerOperations {
  const operations: ServerOperations = new Map();
  for (const { name, labels, value } of prometheusSamples(text)) {
    if (name === QUERY_DISPATCH_COUNT && labels.workflow_status) {
      const key = `${QUERY}${labels.workflow_status}`;
      operations.set(key, { count: (operations.get(key)?.count ?? 0) + value, seconds: 0 });
    }
    for (const [kind, histogram] of Object.entries(HISTOGRAMS)) {
      const field = name === `${histogram}_count` ? 'count' : name === `${histogram}_sum` ? 'seconds' : null;
      if (!field || !labels.operation) continue;
      const key = `${kind} ${labels.operation}`;
      const entry = operations.get(key) ?? { count: 0, seconds: 0 };
      entry[field] += value;
      operations.set(key, entry);
    }
  }
  return operations;
}

export async function scrapeServerOperations(metricsUrl: string): Promise<ServerOperations> {
  const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`bench: the Temporal server's ${metricsUrl} answered ${response.status}`);
  return serverOperationsFrom(await response.text());
}

/** What the server's store did for each of `contacts` contacts between two scrapes. */
export function serverOperationsBetween(before: ServerOperations, after: ServerOperations, contacts: number): ServerOperationsPerContact {
  const delta = [...after].map(([operation, a]) => {
    const b = before.get(operation) ?? { count: 0, seconds: 0 };
    return { operation, count: a.count - b.count, seconds: a.seconds - b.seconds };
  }).filter((d) => d.count > 0);
  const queries = delta.filter((d) => d.operation.startsWith(QUERY));
  const queriesToClosedRuns = Object.fromEntries(
    queries.filter((d) => d.operation !== `${QUERY}Running`).map((d) => [d.operation.slice(QUERY.length), d.count]),
  );
  const stored = delta.filter((d) => !d.operation.startsWith(QUERY));
  const sum = (ds: typeof delta) => ({ count: ds.reduce((s, d) => s + d.count, 0), seconds: ds.reduce((s, d) => s + d.seconds, 0) });
  const all = sum(stored);
  // visibility reads (an operator's or the bench's `list`) are operations but not a run's writes
  const visibility = sum(stored.filter((d) => d.operation.startsWith('visibility ') && !/ (List|Count|Get|Scan)/.test(d.operation)));
  const msEach = (s: { count: number; seconds: number }) => (s.count > 0 ? (s.seconds * 1000) / s.count : 0);
  return {
    operationsPerContact: all.count / contacts,
    msEach: msEach(all),
    visibilityWritesPerContact: visibility.count / contacts,
    visibilityMsEach: msEach(visibility),
    largest: [...stored]
      .sort((x, y) => y.seconds - x.seconds)
      .slice(0, LARGEST_SHOWN)
      .map((d) => ({ operation: d.operation, perContact: d.count / contacts, msEach: msEach(d) })),
    queriesToClosedRuns,
  };
}

export function formatServerOperations(s: ServerOperationsPerContact): string {
  const f = (n: number, digits = 1) => n.toFixed(digits);
  return `${f(s.operationsPerContact)} store operations a contact, ${f(s.msEach, 2)} ms each; ` +
    `visibility writes ${f(s.visibilityWritesPerContact, 2)} a contact, ${f(s.visibilityMsEach, 1)} ms each; most time: ` +
    s.largest.map((l) => `${l.operation} ${f(l.perContact, 2)} × ${f(l.msEach, 2)} ms`).join(', ') +
    `; queries sent to a worker for a closed run: ${Object.entries(s.queriesToClosedRuns).map(([status, n]) => `${n} ${status}`).join(', ') || 'none'}`;
}
