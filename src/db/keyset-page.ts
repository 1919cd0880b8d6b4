/**
 * The page of a keyset query that asked for `limit + 1` rows ordered by a `seq` cursor: the extra
 * row only says that there is more, and the last kept row's seq is where the next page starts.
 */
export function keysetPage<Row extends { seq: string }, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
): { items: Item[]; next_cursor: string | null } {
  const kept = rows.slice(0, limit);
  return {
    items: kept.map(toItem),
    next_cursor: rows.length > limit ? kept[kept.length - 1]!.seq : null,
  };
}
