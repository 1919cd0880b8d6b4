import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { CursorPager, useCursorPages } from '../../components/cursor-pager';
import { TableHead } from '../../components/table-head';

const PAGE_SIZE = 25;

/** The survey's contacts in upload order, a page at a time (the API's keyset cursor). */
export function ContactsList({ surveyId }: { surveyId: string }) {
  const pages = useCursorPages(PAGE_SIZE);
  const { cursor, first } = pages;
  const page = useQuery({
    queryKey: ['surveys', surveyId, 'contacts', cursor],
    queryFn: () => unwrap(api.GET('/surveys/{surveyId}/contacts', { params: { path: { surveyId }, query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: (previous) => previous,
  });
  const items = page.data?.items ?? [];
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
          <CursorPager label="Contact pages" pages={pages} nextCursor={page.data?.next_cursor} loading={page.isPlaceholderData} />
        </>
      )}
    </section>
  );
}
