// Concurrent pollers of `GET /campaigns/{id}/status` over real HTTP, as open dashboards poll it: the
// latency each caller sees, errors, and how many workflow reads served them all (each read has its own as_of).

export interface StatusPollFigures {
  requests: number;
  errors: number;
  /** answers served from the row's stored counts because the workflow did not answer in time */
  stored: number;
  /** distinct workflow reads behind all the answers */
  workflowReads: number;
  p50: number;
  p99: number;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** Runs `pollers` loops, each polling every `intervalMs` until `done()`; resolves with the figures once they stop. */
export async function pollStatusOverHttp(
  options: { baseUrl: string; token: string; campaignId: string; pollers: number; intervalMs: number },
  done: () => boolean,
): Promise<StatusPollFigures> {
  const latencies: number[] = [];
  const reads = new Set<string>();
  let errors = 0;
  let stored = 0;
  const url = `${options.baseUrl}/campaigns/${options.campaignId}/status`;
  const poller = async (offsetMs: number) => {
    // spread the pollers over the interval, as independent dashboards would be
    await new Promise((r) => setTimeout(r, offsetMs));
    while (!done()) {
      const t = performance.now();
      try {
        const response = await fetch(url, { headers: { authorization: `Bearer ${options.token}` } });
        const body = (await response.json()) as { source?: string; as_of?: string };
        latencies.push(performance.now() - t);
        if (response.status !== 200) errors++;
        else if (body.source === 'stored') stored++;
        else if (body.as_of) reads.add(body.as_of);
      } catch {
        latencies.push(performance.now() - t);
        errors++;
      }
      await new Promise((r) => setTimeout(r, options.intervalMs));
    }
  };
  await Promise.all(Array.from({ length: options.pollers }, (_, i) => poller((i * options.intervalMs) / options.pollers)));
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, errors, stored, workflowReads: reads.size, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}
