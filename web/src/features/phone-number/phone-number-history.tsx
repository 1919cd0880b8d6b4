import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { TableHead } from '../../components/table-head';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** Every number the user has had (GET /campaigns/phone-numbers), the one in use first. */
export function PhoneNumberHistory() {
  const history = useQuery({ queryKey: ['phone-number', 'history'], queryFn: () => unwrap(api.GET('/campaigns/phone-numbers')) });
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">History of numbers</h2>
      {history.isPending && <p role="status">Loading…</p>}
      {history.error && <p role="alert" className="error">{history.error.message}</p>}
      {history.data && history.data.items.length === 0 && <p>No number yet.</p>}
      {history.data && history.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Numbers you have had</caption>
            <TableHead columns={['Number', 'Status', 'Provisioned', 'Released']} />
            <tbody>
              {history.data.items.map((n) => (
                <tr key={`${n.phone_number}-${n.provisioned_at}`}>
                  <td>{n.phone_number}</td>
                  <td>{n.status}</td>
                  <td>{when(n.provisioned_at)}</td>
                  <td>{when(n.released_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
