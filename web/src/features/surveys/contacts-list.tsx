import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { TableHead } from '../../components/table-head';

const PAGE_SIZE = 25;

/**
 * The survey's contacts in upload order, a page at a time. The API pages by cursor (forward only),
 * so the cursors of the pages already seen are kept to go back.
 */
export function ContactsList({ surveyId }: { surveyId: string }) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const page = useQuery({
    queryKey: ['surveys', surveyId, 'contacts', cursor],
    queryFn: () => unwrap(api.GET('/surveys/{surveyId}/contacts', { params: { path: { surveyId }, query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: (previous) => previous,
  });
  const items = page.data?.items ?? [];
  const first = (cursors.length - 1) * PAGE_SIZE;
  return (
    <section aria-labelledby="contact-list-title">
      <h2 id="contact-list-title">Contact list</h2>
      {page.error && <p role="alert" className="error">{page.error.message}</p>}
      {page.data && items.length === 0 && <p>No contacts yet.</p>}
      {items.length > 0 && (
        <>
          <div className="table-wrap">
            <table>
              <caption>
                Contacts {first + 1}–{first + items.length}
              </caption>
              <TableHead columns={['Name', 'Phone', 'Time zone']} />
              <tbody>
                {items.map((c) => (
                  <tr key={c.id}>
                    <td>{c.participant_name ?? '—'}</td>
                    <td>{c.phone_number}</td>
                    <td>{c.time_zone ?? 'from the number'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="row" aria-label="Contact pages">
            <button type="button" className="secondary" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
              Previous page
            </button>
            <button type="button" className="secondary" disabled={!page.data?.next_cursor} onClick={() => setCursors((c) => [...c, page.data!.next_cursor!])}>
              Next page
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
