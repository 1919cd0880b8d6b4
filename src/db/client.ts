import postgres from 'postgres';

export type Sql = postgres.Sql;
/** A connection or a transaction: what query helpers that may run inside `sql.begin` accept. */
export type Queryable = postgres.Sql | postgres.TransactionSql;

/** One pool for the process; postgres.js queues queries when all connections are busy. */
export function createSql(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    transform: { undefined: null },
  });
}
