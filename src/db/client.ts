import postgres from 'postgres';

export type Sql = postgres.Sql;
/** A connection or a transaction: what query helpers that may run inside `sql.begin` accept. */
export type Queryable = postgres.Sql | postgres.TransactionSql;
export type TransactionSql = postgres.TransactionSql;

/**
 * Settings every session of the service runs with: sent at connection start to a PostgreSQL server,
 * set once on embedded PGlite (one session shared by every connection, which ignores startup
 * parameters).
 *
 * `plan_cache_mode`: every statement is planned for the tables as they are when it runs. postgres.js
 * prepares each statement once per connection, and from its sixth run PostgreSQL may keep one generic
 * plan for it. Made while a new deployment's tables are empty, where every index looks as cheap, that
 * plan walked all of the owner's calls (`calls_by_user_created`) to find one call by its id, and kept
 * doing so as the table grew, until the connection closed or an ANALYZE invalidated it (never, with
 * autovacuum off): each call of a first campaign cost more than the last (the database's CPU went
 * from 22 to 57 % of a processor over 17,000 calls on this machine). Planning each run costs a little
 * CPU; a plan that grows with the table costs a campaign (test/db/plans-on-growing-tables.test.ts).
 *
 * `jit`: off. Without statistics the planner prices a statement by its tables' size on disk, and
 * past a few hundred thousand calls the read of a contact's earlier answers (a handful of rows by
 * index) was priced above `jit_above_cost`: PostgreSQL compiled it to machine code for every call,
 * 28 ms against 0.14 ms run as it is (a copy of the bench's tables at 378,000 calls). The service's
 * statements are short; none gains from compiling.
 */
export const sessionSettings = { plan_cache_mode: 'force_custom_plan', jit: 'off' } as const;

/**
 * One pool for the process; postgres.js queues queries when all connections are busy. `onStatement`
 * sees the text of every statement sent (tests that count a contact's statements).
 */
export function createSql(url: string, options: { max?: number; onStatement?: (text: string) => void } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    ...(options.onStatement ? { debug: (_connection: number, text: string) => options.onStatement!(text) } : {}),
    onnotice: () => {},
    transform: { undefined: null },
    connection: { ...sessionSettings },
  });
}
