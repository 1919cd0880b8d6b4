import { useMutation, useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { api, unwrap } from '../../api/client';
import { questionsOf } from '../../api/types';
import { CursorPager, useCursorPages } from '../../components/cursor-pager';
import { CallTranscript } from './call-transcript';
import { CompletionFunnel } from './completion-funnel';
import { downloadResponsesCsv } from './export-csv';
import { ReviewQueue } from './review-queue';

// recharts is most of the app's weight: its own chunk, fetched when results are shown
const QuestionCharts = lazy(() => import('./question-charts'));

/** Respondents a page: each is a collapsed call that loads its transcript when opened. */
const RESPONDENTS_PAGE = 100;

export function ResultsPage({ surveyId }: { surveyId: string }) {
  const survey = useQuery({ queryKey: ['surveys', surveyId], queryFn: () => unwrap(api.GET('/surveys/{surveyId}', { params: { path: { surveyId } } })) });
  const analytics = useQuery({
    queryKey: ['surveys', surveyId, 'analytics'],
    queryFn: () => unwrap(api.GET('/surveys/{surveyId}/analytics', { params: { path: { surveyId }, query: {} } })),
  });
  const pages = useCursorPages(RESPONDENTS_PAGE);
  const { cursor } = pages;
  const responses = useQuery({
    queryKey: ['surveys', surveyId, 'responses', cursor],
    queryFn: () => unwrap(api.GET('/surveys/{surveyId}/responses', { params: { path: { surveyId }, query: { limit: RESPONDENTS_PAGE, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: (previous) => previous,
  });
  const exportCsv = useMutation({ mutationFn: () => downloadResponsesCsv(surveyId) });

  const failed = survey.error ?? analytics.error ?? responses.error;
  if (failed) return <p role="alert" className="error">{failed.message}</p>;
  if (!survey.data || !analytics.data || !responses.data) return <p role="status">Loading results…</p>;
  const questions = questionsOf(survey.data);
  const items = responses.data.items;

  return (
    <>
      <section aria-labelledby="results-title">
        <h1 id="results-title">Results: {survey.data.title}</h1>
        <p>
          {analytics.data.completed_calls} completed calls of {analytics.data.calls}
        </p>
        <button type="button" className="secondary" disabled={exportCsv.isPending} onClick={() => exportCsv.mutate()}>
          Export CSV
        </button>
        {exportCsv.error && <p role="alert" className="error">{exportCsv.error.message}</p>}
      </section>
      <CompletionFunnel analytics={analytics.data} questions={questions} />
      <Suspense fallback={<p role="status">Loading charts…</p>}>
        <QuestionCharts analytics={analytics.data} questions={questions} />
      </Suspense>
      <ReviewQueue surveyId={surveyId} questions={questions} />
      <section aria-labelledby="calls-title">
        <h2 id="calls-title">Calls and transcripts</h2>
        {items.length === 0 && <p>No calls with answers yet.</p>}
        {items.length > 0 && (
          <ul className="plain" aria-label={`Respondents ${pages.first + 1}–${pages.first + items.length}`}>
            {items.map((item) => (
              <li key={item.call_id}>
                <CallTranscript item={item} questions={questions} />
              </li>
            ))}
          </ul>
        )}
        <CursorPager label="Respondent pages" pages={pages} nextCursor={responses.data.next_cursor} loading={responses.isPlaceholderData} />
      </section>
    </>
  );
}
