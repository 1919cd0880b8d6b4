import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Question, ReviewBody } from '../../api/types';
import { CursorPager, useCursorPages } from '../../components/cursor-pager';
import { AnswerEditor } from './answer-editor';

/** Unclear answers a page. */
const QUEUE_PAGE = 100;

/**
 * Answers the mappers could not map, oldest first, a page at a time (the API's keyset cursor, so an
 * answer set here leaves its page without shifting the next): a person reads the raw words and sets
 * the value, which the API stores with method `manual` (and who and when).
 */
export function ReviewQueue({ surveyId, questions }: { surveyId: string; questions: Question[] }) {
  const queryClient = useQueryClient();
  const pages = useCursorPages(QUEUE_PAGE);
  const { cursor } = pages;
  const unclear = useQuery({
    queryKey: ['surveys', surveyId, 'unclear-answers', cursor],
    queryFn: () => unwrap(api.GET('/surveys/{surveyId}/unclear-answers', { params: { path: { surveyId }, query: { limit: QUEUE_PAGE, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: (previous) => previous,
  });
  const review = useMutation({
    mutationFn: ({ responseId, value }: { responseId: string; value: ReviewBody['mapped_value'] }) =>
      unwrap(api.PATCH('/responses/{id}', { params: { path: { id: responseId } }, body: { mapped_value: value } })),
    // the queue, the charts and the transcripts all show this answer
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['surveys', surveyId] }), queryClient.invalidateQueries({ queryKey: ['calls'] })]),
  });
  const items = unclear.data?.items ?? [];
  return (
    <section aria-labelledby="review-title">
      <h2 id="review-title">Answers to review</h2>
      {unclear.isPending && <p role="status">Loading…</p>}
      {unclear.error && <p role="alert" className="error">{unclear.error.message}</p>}
      {unclear.data && items.length === 0 && <p>{pages.hasPrevious ? 'Nothing left on this page.' : 'Nothing to review: every answer was mapped.'}</p>}
      {review.error && <p role="alert" className="error">{review.error.message}</p>}
      <ul className="review-list" aria-label={`Unclear answers ${pages.first + 1}–${pages.first + items.length}`}>
        {items.map((item) => {
          const question = questions.find((q) => q.id === item.question_id);
          return (
            <li key={item.response_id}>
              <p>
                <strong>{question?.text ?? item.question_id}</strong>
                <br />
                They said: “{item.raw_answer ?? ''}”
              </p>
              <AnswerEditor
                id={`review-${item.response_id}`}
                question={question}
                saving={review.isPending}
                onSave={(value) => review.mutate({ responseId: item.response_id, value })}
              />
            </li>
          );
        })}
      </ul>
      <CursorPager label="Review pages" pages={pages} nextCursor={unclear.data?.next_cursor} loading={unclear.isPlaceholderData} />
    </section>
  );
}
