import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Analytics, Question } from '../../api/types';
import { answerLabel } from './answer-label';

/**
 * A bar chart per question from the survey's analytics. The default export of its own module, so
 * the results page loads recharts (most of the app's weight) only when it shows a chart.
 */
export default function QuestionCharts({ analytics, questions }: { analytics: Analytics; questions: Question[] }) {
  return (
    <>
      {analytics.questions.map((stats) => {
        const question = questions.find((q) => q.id === stats.question_id);
        const data = Object.entries(stats.distribution ?? {}).map(([value, count]) => ({ value: answerLabel(question, value), count }));
        return (
          <section key={stats.question_id} aria-labelledby={`chart-${stats.question_id}`}>
            <h2 id={`chart-${stats.question_id}`}>{stats.text}</h2>
            <p>
              {stats.answered} answered, {stats.unclear} unclear
              {stats.mean !== undefined && stats.mean !== null && <> · mean {stats.mean}, median {stats.median}</>}
            </p>
            {data.length > 0 && (
              <figure aria-label={`Answers to ${stats.text}`}>
                <ResponsiveContainer width="100%" height={220}>
                  <BarChart data={data}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="value" />
                    <YAxis allowDecimals={false} />
                    <Tooltip />
                    <Bar dataKey="count" name="answers" fill="#1f4e79" isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
                {/* the numbers in words too: the chart is not the only way to read them */}
                <figcaption>{data.map((d) => `${d.value}: ${d.count}`).join(' · ')}</figcaption>
              </figure>
            )}
          </section>
        );
      })}
    </>
  );
}
