import { heartbeat } from '@temporalio/activity';
import type { Sql } from '../src/db/client.ts';

/** Calls erased per transaction: short transactions, however large the backlog. */
const BATCH = 1_000;

export function createRetentionActivities({ sql }: { sql: Sql }) {
  return {
    /**
     * Erases what a person said from calls older than their survey's retention_days: the transcript,
     * the raw words of each answer and the recording (its deletion at the provider is queued by the
     * link's delete trigger). Mapped answers, outcomes, durations and counts stay, so results and
     * analytics keep their figures. Counted from the call's end (its creation when it never ended).
     */
    async applyRetention(): Promise<{ erasedCalls: number }> {
      let erasedCalls = 0;
      for (;;) {
        const erased = await sql.begin(async (tx) => {
          const calls = await tx<{ id: string; user_id: string }[]>`
            select c.id, c.user_id from calls c
            join campaigns k on k.id = c.campaign_id and k.user_id = c.user_id
            join surveys s on s.id = k.survey_id and s.user_id = k.user_id
            where s.retention_days is not null and c.personal_data_erased_at is null
              and coalesce(c.ended_at, c.created_at) < now() - make_interval(days => s.retention_days)
            order by coalesce(c.ended_at, c.created_at) limit ${BATCH}
            for update of c skip locked`;
          if (calls.length === 0) return 0;
          const ids = calls.map((c) => c.id);
          await tx`update calls set transcript = null, personal_data_erased_at = now() where id = any(${ids}::uuid[])`;
          await tx`update responses set raw_answer = null, updated_at = now() where call_id = any(${ids}::uuid[]) and raw_answer is not null`;
          await tx`delete from call_recordings where call_id = any(${ids}::uuid[])`;
          return calls.length;
        });
        erasedCalls += erased;
        heartbeat(erasedCalls);
        if (erased < BATCH) return { erasedCalls };
      }
    },
  };
}
