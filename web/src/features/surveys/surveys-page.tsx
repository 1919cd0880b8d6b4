import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { Link } from '../../router';
import { TableHead } from '../../components/table-head';

export function SurveysPage() {
  const surveys = useQuery({ queryKey: ['surveys'], queryFn: () => unwrap(api.GET('/surveys', { params: { query: { limit: 100 } } })) });
  return (
    <section aria-labelledby="surveys-title">
      <div className="row">
        <h1 id="surveys-title">Your surveys</h1>
        <Link href="/app/surveys/new">New survey</Link>
      </div>
      {surveys.isPending && <p role="status">Loading surveys…</p>}
      {surveys.error && <p role="alert" className="error">{surveys.error.message}</p>}
      {surveys.data && surveys.data.items.length === 0 && <p>No surveys yet. Create one to get started.</p>}
      {surveys.data && surveys.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Surveys</caption>
            <TableHead columns={['Title', 'Questions', 'Contacts']} />
            <tbody>
              {surveys.data.items.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link href={`/app/surveys/${s.id}`}>{s.title}</Link>
                  </td>
                  <td>{s.json_questionnaire.length}</td>
                  <td>{s.contact_count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
