import { useMutation, useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { api, unwrap } from '../../api/client';
import { questionsOf } from '../../api/types';
import { CallTranscript } from './call-transcript';
import { CompletionFunnel } from './completion-funnel';
import { downloadResponsesCsv } from './export-csv';
import { ReviewQueue } from './review-queue';

// recharts is most of the app's weight: its own chunk, fetched when results are shown
const QuestionCharts = lazy(() => import('./question-charts'));

export function ResultsPage({ surveyId }: { surveyId: string }) {
  const survey = useQuery({ queryKey: ['surveys', surveyId], queryFn: () => unwrap(api.GET('/surveys/{surveyId}', { params: { path: { surveyId } } })) });
  const analytics = useQuery({
    queryKey: ['surveys', surveyId, 'analytics'],
    queryFn: () => unwrap(api.GET('/surveys/{surveyId}/analytics', { params: { path: { surveyId }, query: {} } })),
  });
  const responses = useQuery({
    queryKey: ['surveys', surveyId, 'responses'],
    queryFn: () => unwrap(api.GET('/surveys/{surveyId}/responses', { params: { path: { surveyId }, query: { limit: 100 } } })),
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
        <p>{items.length} respondents</p>
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
        {items.map((item) => (
          <CallTranscript key={item.call_id} item={item} questions={questions} />
        ))}
        {responses.data.next_cursor && <p>Showing the first {items.length} respondents; the CSV export has them all.</p>}
      </section>
    </>
  );
}
