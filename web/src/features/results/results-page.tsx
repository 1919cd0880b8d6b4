import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, session, unwrap } from '../../api/client';

type Answer = { raw_answer: string | null; mapped_value: unknown; confidence: number | null; method: string | null };
type Item = { contact_id: string; participant_name: string | null; phone_number: string; outcome: string | null; answers: Record<string, Answer> };

const label = (value: unknown) => (value === null || value === undefined ? 'no answer' : Array.isArray(value) ? value.join(', ') : String(value));

async function downloadCsv(surveyId: string) {
  const response = await fetch(`/surveys/${encodeURIComponent(surveyId)}/responses?format=csv`, { headers: { authorization: `Bearer ${session.get() ?? ''}` } });
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `responses-${surveyId}.csv`;
  a.click();
  URL.revokeObjectURL(url);
}

export function ResultsPage({ surveyId }: { surveyId: string }) {
  const survey = useQuery({ queryKey: ['surveys', surveyId], queryFn: () => unwrap(api.GET('/surveys/{surveyId}', { params: { path: { surveyId } } })) });
  const responses = useQuery({
    queryKey: ['surveys', surveyId, 'responses'],
    queryFn: () => unwrap(api.GET('/surveys/{surveyId}/responses', { params: { path: { surveyId } } })),
  });
  if (survey.error || responses.error) return <p role="alert" className="error">{(survey.error ?? responses.error)!.message}</p>;
  if (!survey.data || !responses.data) return <p role="status">Loading results…</p>;
  const items = ((responses.data as { items?: Item[] }).items ?? []) as Item[];
  // the survey schema allows an empty list of `never` for drafts, so name the element type here
  const questions = survey.data.json_questionnaire as { id: string; text: string }[];

  return (
    <>
      <section aria-labelledby="results-title">
        <h1 id="results-title">Results: {survey.data.title}</h1>
        <p>{items.length} respondents</p>
        <button type="button" className="secondary" onClick={() => void downloadCsv(surveyId)}>Export CSV</button>
      </section>
      {questions.map((q) => {
        const counts = new Map<string, number>();
        for (const item of items) {
          const answer = item.answers[q.id];
          if (answer) counts.set(label(answer.mapped_value), (counts.get(label(answer.mapped_value)) ?? 0) + 1);
        }
        const data = [...counts].map(([value, count]) => ({ value, count }));
        return (
          <section key={q.id} aria-labelledby={`chart-${q.id}`}>
            <h2 id={`chart-${q.id}`}>{q.text}</h2>
            {data.length === 0 ? (
              <p>No answers yet.</p>
            ) : (
              <figure aria-label={`Answers to ${q.text}`}>
                <ResponsiveContainer width="100%" height={220}>
                  <BarChart data={data}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="value" />
                    <YAxis allowDecimals={false} />
                    <Tooltip />
                    <Bar dataKey="count" name="answers" fill="#1f4e79" />
                  </BarChart>
                </ResponsiveContainer>
                <figcaption>
                  {data.map((d) => `${d.value}: ${d.count}`).join(' · ')}
                </figcaption>
              </figure>
            )}
          </section>
        );
      })}
      <section aria-labelledby="answers-title">
        <h2 id="answers-title">Answers per call</h2>
        {items.map((item) => (
          <details key={item.contact_id}>
            <summary>{item.participant_name ?? item.phone_number} ({item.outcome ?? 'no outcome'})</summary>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr><th scope="col">Question</th><th scope="col">Their words</th><th scope="col">Mapped</th><th scope="col">Confidence</th><th scope="col">Method</th></tr>
                </thead>
                <tbody>
                  {Object.entries(item.answers).map(([qid, a]) => (
                    <tr key={qid}>
                      <td>{questions.find((q) => q.id === qid)?.text ?? qid}</td>
                      <td>{a.raw_answer ?? ''}</td>
                      <td>{label(a.mapped_value)}</td>
                      <td>{a.confidence ?? ''}</td>
                      <td>{a.method ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        ))}
      </section>
    </>
  );
}
