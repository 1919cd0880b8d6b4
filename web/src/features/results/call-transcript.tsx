import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Question, ResponseItem } from '../../api/types';
import { answerLabel } from './answer-label';
import { TableHead } from '../../components/table-head';

/** One call, collapsed: opening it loads the transcript and each answer (raw words, mapped value, confidence). */
export function CallTranscript({ item, questions }: { item: ResponseItem; questions: Question[] }) {
  const [open, setOpen] = useState(false);
  const call = useQuery({
    enabled: open,
    queryKey: ['calls', item.call_id],
    queryFn: () => unwrap(api.GET('/calls/{id}', { params: { path: { id: item.call_id } } })),
  });
  const questionOf = (id: string) => questions.find((q) => q.id === id);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {item.participant_name ?? item.phone_number} ({item.outcome ?? 'no outcome'})
      </summary>
      {call.isPending && open && <p role="status">Loading the call…</p>}
      {call.error && <p role="alert" className="error">{call.error.message}</p>}
      {call.data && (
        <>
          <div className="table-wrap">
            <table>
              <caption>Answers</caption>
              <TableHead columns={['Question', 'Their words', 'Mapped', 'Confidence', 'Method']} />
              <tbody>
                {call.data.answers.map((a) => (
                  <tr key={a.response_id}>
                    <td>{questionOf(a.question_id)?.text ?? a.question_id}</td>
                    <td>{a.raw_answer ?? ''}</td>
                    <td>{a.method === 'unclear' ? 'unclear' : answerLabel(questionOf(a.question_id), a.mapped_value)}</td>
                    <td>{a.confidence === null ? '' : a.confidence.toFixed(2)}</td>
                    <td>{a.method ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>Transcript</h3>
          <ol className="transcript" aria-label="Transcript">
            {call.data.transcript.map((turn, i) => (
              <li key={i}>
                <strong>{turn.role === 'agent' ? 'Agent' : 'Participant'}:</strong> {turn.text}
              </li>
            ))}
          </ol>
        </>
      )}
    </details>
  );
}
