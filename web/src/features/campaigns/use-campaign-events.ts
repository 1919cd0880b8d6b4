import { useEffect, useState } from 'react';
import { session } from '../../api/client';
import type { CampaignStatus } from '../../api/types';

/**
 * The campaign's status from `GET /campaigns/{id}/events`. Read with fetch, not EventSource, so the
 * bearer token goes in a header; reconnects after a drop with Last-Event-ID so nothing is resent.
 */
export function useCampaignEvents(campaignId: string) {
  const [status, setStatus] = useState<CampaignStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    let lastEventId: string | null = null;
    const run = async () => {
      while (!abort.signal.aborted) {
        try {
          const headers: Record<string, string> = { accept: 'text/event-stream' };
          const token = session.get();
          if (token) headers.authorization = `Bearer ${token}`;
          if (lastEventId) headers['last-event-id'] = lastEventId;
          const response = await fetch(`/campaigns/${encodeURIComponent(campaignId)}/events`, { headers, signal: abort.signal });
          if (!response.ok || !response.body) {
            setError(response.status === 404 ? 'campaign not found' : `live updates failed (${response.status})`);
            return;
          }
          setError(null);
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const fields = Object.fromEntries(
                block
                  .split('\n')
                  .filter((line) => !line.startsWith(':'))
                  .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trimStart()]),
              );
              if (fields.event === 'status' && fields.data) {
                lastEventId = fields.id ?? lastEventId;
                setStatus(JSON.parse(fields.data) as CampaignStatus);
              }
            }
          }
        } catch {
          if (abort.signal.aborted) return;
        }
        // the stream dropped: try again shortly, resuming from the last state we have
        await new Promise((r) => setTimeout(r, 2000));
      }
    };
    void run();
    return () => abort.abort();
  }, [campaignId]);

  return { status, error };
}
