import type { Analytics, Question } from '../../api/types';
import { TableHead } from '../../components/table-head';

/**
 * How far connected calls got, question by question: a table with a plain bar per row (HTML, so it
 * needs no chart library and reads the same without colour).
 */
export function CompletionFunnel({ analytics, questions }: { analytics: Analytics; questions: Question[] }) {
  return (
    <section aria-labelledby="funnel-title">
      <h2 id="funnel-title">Completion funnel</h2>
      <p>
        {analytics.calls} calls, {analytics.connected_calls} connected, {analytics.completed_calls} completed
        {analytics.median_call_seconds !== null && <> · median call {analytics.median_call_seconds} s</>}
      </p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Share of connected calls that answered each question</caption>
          <TableHead columns={['Question', 'Answered', 'Share of connected calls']} />
          <tbody>
            {analytics.funnel.map((step, i) => {
              const percent = step.share_of_connected === null ? null : Math.round(step.share_of_connected * 100);
              return (
                <tr key={step.question_id}>
                  <td>
                    {i + 1}. {questions.find((q) => q.id === step.question_id)?.text ?? step.question_id}
                  </td>
                  <td>{step.answered}</td>
                  <td>
                    {percent === null ? '—' : (
                      <span className="funnel-bar">
                        <meter min={0} max={100} value={percent} aria-label={`question ${i + 1}`} /> {percent} %
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
