import { useEffect, useRef, useState } from 'react';

/**
 * Forward-only keyset paging (the API's `cursor` / `next_cursor`) with a way back: the cursors of
 * the pages already seen are kept. `first` is the 0-based position of the page's first row. While
 * the next page loads, the page shown is still the one before it (placeholder data) with the same
 * `next_cursor`: a second press of "Next page" (a double-click) then names the page already asked
 * for, and is ignored, rather than counting the same page twice.
 */
export function useCursorPages(pageSize: number) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    cursor: cursors.at(-1),
    first: (cursors.length - 1) * pageSize,
    hasPrevious: cursors.length > 1,
    next: (cursor: string) => setCursors((c) => (c.at(-1) === cursor ? c : [...c, cursor])),
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
  };
}

export type CursorPages = ReturnType<typeof useCursorPages>;

/**
 * Previous / next page buttons for a list paged by useCursorPages (none while everything fits on one
 * page); `label` names the navigation landmark. A keyboard user who reaches the last (or first) page
 * is moved to the other button rather than left on a disabled one. `loading` is the list query's
 * `isPlaceholderData`: the page a press asked for is not shown yet.
 */
export function CursorPager({ label, pages, nextCursor, loading = false }: { label: string; pages: CursorPages; nextCursor: string | null | undefined; loading?: boolean }) {
  const previousButton = useRef<HTMLButtonElement>(null);
  const nextButton = useRef<HTMLButtonElement>(null);
  const pressed = useRef<'previous' | 'next' | null>(null);
  useEffect(() => {
    // acted on once, when the page pressed for is shown: a later refetch of it (an answer reviewed,
    // a live count changed) never moves focus
    if (!pressed.current || loading) return;
    if (pressed.current === 'next' && !nextCursor) previousButton.current?.focus();
    if (pressed.current === 'previous' && !pages.hasPrevious) nextButton.current?.focus();
    pressed.current = null;
  }, [nextCursor, pages.hasPrevious, pages.cursor, loading]);
  if (!pages.hasPrevious && !nextCursor) return null;
  return (
    <nav className="row" aria-label={label}>
      <button
        ref={previousButton}
        type="button"
        className="secondary"
        disabled={!pages.hasPrevious}
        onClick={() => {
          pressed.current = 'previous';
          pages.previous();
        }}
      >
        Previous page
      </button>
      <button
        ref={nextButton}
        type="button"
        className="secondary"
        disabled={!nextCursor}
        onClick={() => {
          pressed.current = 'next';
          if (nextCursor) pages.next(nextCursor);
        }}
      >
        Next page
      </button>
    </nav>
  );
}
