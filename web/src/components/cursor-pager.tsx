import { useState } from 'react';

/**
 * Forward-only keyset paging (the API's `cursor` / `next_cursor`) with a way back: the cursors of
 * the pages already seen are kept. `first` is the 0-based position of the page's first row.
 */
export function useCursorPages(pageSize: number) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    cursor: cursors.at(-1),
    first: (cursors.length - 1) * pageSize,
    hasPrevious: cursors.length > 1,
    next: (cursor: string) => setCursors((c) => [...c, cursor]),
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
  };
}

export type CursorPages = ReturnType<typeof useCursorPages>;

/**
 * Previous / next page buttons for a list paged by useCursorPages (none while everything fits on one
 * page); `label` names the navigation landmark.
 */
export function CursorPager({ label, pages, nextCursor }: { label: string; pages: CursorPages; nextCursor: string | null | undefined }) {
  if (!pages.hasPrevious && !nextCursor) return null;
  return (
    <nav className="row" aria-label={label}>
      <button type="button" className="secondary" disabled={!pages.hasPrevious} onClick={pages.previous}>
        Previous page
      </button>
      <button type="button" className="secondary" disabled={!nextCursor} onClick={() => nextCursor && pages.next(nextCursor)}>
        Next page
      </button>
    </nav>
  );
}
