import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { CursorPager, useCursorPages } from '../../components/cursor-pager';
import { Link } from '../../router';
import { TableHead } from '../../components/table-head';
import { useCampaignEvents } from './use-campaign-events';
import { isFinished } from './campaign-states';
import { OutcomeBreakdown } from './outcome-breakdown';
import { outcomeLabel } from './outcome-labels';

/** Calls a page: the API's default, so a small campaign fits on one. */
const CALLS_PAGE = 100;

export function CampaignPage({ campaignId }: { campaignId: string }) {
  const queryClient = useQueryClient();
  const { status, error } = useCampaignEvents(campaignId);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const campaign = useQuery({ queryKey: ['campaigns', campaignId], queryFn: () => unwrap(api.GET('/campaigns/{id}', { params: { path: { id: campaignId } } })) });
  const pages = useCursorPages(CALLS_PAGE);
  const { cursor } = pages;
  // the page of the calls table shown follows the live counts: refetched whenever a snapshot changes them
  const calls = useQuery({
    queryKey: ['campaigns', campaignId, 'calls', cursor, status?.completed_calls, status?.failed_calls, status?.in_progress_calls, status?.waiting_calls],
    queryFn: () => unwrap(api.GET('/campaigns/{id}/calls', { params: { path: { id: campaignId }, query: { limit: CALLS_PAGE, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: (previous) => previous,
  });
  const control = useMutation({
    mutationFn: async (action: 'pause' | 'resume' | 'cancel') => {
      if (action === 'pause') return unwrap(api.POST('/campaigns/{id}/pause', { params: { path: { id: campaignId } } }));
      if (action === 'resume') return unwrap(api.POST('/campaigns/{id}/resume', { params: { path: { id: campaignId } } }));
      return unwrap(api.POST('/campaigns/{id}/cancel', { params: { path: { id: campaignId } }, body: {} }));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['campaigns', campaignId] }),
  });

  const percentage = status?.completion_percentage ?? 0;
  const surveyId = campaign.data?.survey_id;
  const items = calls.data?.items ?? [];
  const finished = status ? isFinished(status.status) : false;

  return (
    <>
      <section aria-labelledby="campaign-title">
        <h1 id="campaign-title">Campaign</h1>
        {error && <p role="alert" className="error">{error}</p>}
        {!status && !error && <p role="status">Connecting to live updates…</p>}
        {status && (
          <>
            <p>
              Status: <strong>{status.status}</strong>
              {status.phone_number && <> · calling from {status.phone_number}</>}
              {status.pause_reason && <> · paused: {status.pause_reason}</>}
            </p>
            <label htmlFor="campaign-progress">
              Progress: {status.completed_calls + status.failed_calls} of {status.total_contacts} calls done ({percentage} %)
            </label>
            <progress id="campaign-progress" max={100} value={percentage} aria-valuetext={`${percentage} %`} />
            <dl className="counts" aria-label="Call counts">
              <div><dt>Completed</dt><dd>{status.completed_calls}</dd></div>
              <div><dt>Not completed</dt><dd>{status.failed_calls}</dd></div>
              <div><dt>In progress</dt><dd>{status.in_progress_calls}</dd></div>
              <div><dt>Waiting</dt><dd>{status.waiting_calls}</dd></div>
              <div><dt>Pending</dt><dd>{status.pending_calls}</dd></div>
            </dl>
            <div className="row">
              <button type="button" className="secondary" disabled={finished || status.status === 'paused' || control.isPending} onClick={() => control.mutate('pause')}>Pause</button>
              <button type="button" className="secondary" disabled={status.status !== 'paused' || control.isPending} onClick={() => control.mutate('resume')}>Resume</button>
              <button type="button" className="secondary" disabled={finished || control.isPending} onClick={() => setConfirmingCancel(true)}>Cancel campaign</button>
            </div>
            <ConfirmDialog
              open={confirmingCancel}
              title="Cancel this campaign?"
              confirmLabel="Cancel campaign"
              onCancel={() => setConfirmingCancel(false)}
              onConfirm={() => {
                setConfirmingCancel(false);
                control.mutate('cancel');
              }}
            >
              <p>Contacts not yet called will not be called; calls in progress finish. The survey can be launched again.</p>
            </ConfirmDialog>
            {control.error && <p role="alert" className="error">{control.error.message}</p>}
            <OutcomeBreakdown status={status} />
            {surveyId && <p><Link href={`/app/surveys/${surveyId}/results`}>Results</Link></p>}
          </>
        )}
      </section>
      <section aria-labelledby="calls-title">
        <h2 id="calls-title">Calls</h2>
        {calls.error && <p role="alert" className="error">{calls.error.message}</p>}
        {calls.data && items.length === 0 && <p>No calls yet.</p>}
        {items.length > 0 && (
          <div className="table-wrap">
            <table>
              <caption>
                Calls {pages.first + 1}–{pages.first + items.length}
              </caption>
              <TableHead columns={['Contact', 'State', 'Outcome']} />
              <tbody>
                {items.map((call) => (
                  <tr key={call.contact_id}>
                    <td>{call.participant_name ?? call.phone_number}</td>
                    <td>{call.state}</td>
                    <td>{call.outcome ? outcomeLabel(call.outcome) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <CursorPager label="Call pages" pages={pages} nextCursor={calls.data?.next_cursor} loading={calls.isPlaceholderData} />
      </section>
    </>
  );
}
