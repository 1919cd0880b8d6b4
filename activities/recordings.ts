import { heartbeat } from '@temporalio/activity';
import type { Sql } from '../src/db/client.ts';
import { activityLogger } from '../src/observability/activity-logger.ts';
import { ProviderRejectedError } from '../src/telephony/live/provider-errors.ts';
import type { RecordingProvider } from '../src/telephony/ports.ts';

export interface RecordingDeps {
  sql: Sql;
  recordings: RecordingProvider;
}

/** Calls per look: the upkeep runs every few minutes, so a backlog drains over a few runs. */
const BATCH = 200;
/** A recording is usually ready within seconds of the hang-up; after this many looks there is none. */
export const MAX_RECORDING_LOOKUPS = 5;

/** Whether any of the user's surveys records: the trunk is the user's, so its setting is too. */
export async function userRecordsCalls(sql: Sql, userId: string): Promise<boolean> {
  const [row] = await sql<{ records: boolean }[]>`
    select exists (select 1 from surveys where user_id = ${userId} and record_calls) as records`;
  return row!.records;
}

export function createRecordingActivities({ sql, recordings }: RecordingDeps) {
  /** One look used up: after MAX_RECORDING_LOOKUPS the call is not looked up again. */
  const countLookup = (call: { id: string; user_id: string }) =>
    sql`update calls set recording_lookups = recording_lookups + 1 where id = ${call.id} and user_id = ${call.user_id}`;

  return {
    /**
     * Finds the carrier's recording of each recently ended, connected call of a user who records and
     * links it to the call. The trunk records every call of its user, so a call whose own survey does
     * not record has its recording queued for deletion at the provider instead of kept. A call whose
     * lookup fails is counted in `failed`, logged and left for the next run; the others go on.
     */
    async linkCallRecordings(): Promise<{ linked: number; discarded: number; missing: number; failed: number }> {
      const result = { linked: 0, discarded: 0, missing: 0, failed: 0 };
      if (recordings.name === 'none') return result;
      const calls = await sql<{ id: string; user_id: string; from_number: string; to_number: string; dialed_at: Date; record_calls: boolean }[]>`
        select c.id, c.user_id, c.from_number, c.to_number, c.dialed_at, s.record_calls
        from calls c
        join campaigns k on k.id = c.campaign_id and k.user_id = c.user_id
        join surveys s on s.id = k.survey_id and s.user_id = k.user_id
        where c.duration_seconds > 0 and c.recording_lookups < ${MAX_RECORDING_LOOKUPS}
          and c.ended_at < now() - interval '30 seconds' and c.ended_at > now() - interval '1 day'
          and c.from_number is not null and c.dialed_at is not null and c.personal_data_erased_at is null
          and exists (select 1 from surveys r where r.user_id = c.user_id and r.record_calls)
          and not exists (select 1 from call_recordings r where r.call_id = c.id)
        order by c.recording_lookups, c.ended_at limit ${BATCH}`;
      for (const call of calls) {
        heartbeat(call.id);
        let found: Awaited<ReturnType<RecordingProvider['findRecording']>>;
        try {
          found = await recordings.findRecording({ fromNumber: call.from_number, toNumber: call.to_number, dialedAt: call.dialed_at });
        } catch (error) {
          // one call's failure must not hold up the others (the next run would start from it again). A
          // refusal retrying will not fix uses up a look; an outage does not, so no recording is given up
          // because the carrier was down for a few runs (the one-day window still ends the looking)
          if (error instanceof ProviderRejectedError) await countLookup(call);
          activityLogger({ call_id: call.id, user_id: call.user_id }).warn({ err: error }, 'recording lookup failed; the next run tries again');
          result.failed++;
          continue;
        }
        if (!found) {
          await countLookup(call);
          result.missing++;
          continue;
        }
        if (!call.record_calls) {
          // queued, not deleted here: the deletion step retries it until the carrier has it gone
          await sql.begin(async (tx) => {
            await tx`insert into recording_deletions (provider, provider_recording_sid) values (${recordings.name}, ${found.recordingSid})`;
            await tx`update calls set recording_lookups = ${MAX_RECORDING_LOOKUPS} where id = ${call.id} and user_id = ${call.user_id}`;
          });
          result.discarded++;
          continue;
        }
        await sql`
          insert into call_recordings ${sql(
            {
              call_id: call.id,
              user_id: call.user_id,
              provider: recordings.name,
              provider_recording_sid: found.recordingSid,
              provider_call_sid: found.providerCallSid,
              duration_seconds: found.durationSeconds,
              channels: found.channels,
              started_at: found.startedAt,
            },
            'call_id', 'user_id', 'provider', 'provider_recording_sid', 'provider_call_sid', 'duration_seconds', 'channels', 'started_at',
          )}
          on conflict do nothing`;
        result.linked++;
      }
      return result;
    },

    /**
     * Deletes at the provider the recordings whose links were deleted (erasure, retention) or that were
     * never kept (a call of a survey that does not record). A failure is kept on the row and tried again
     * on the next run; the rest go on. Fewest attempts first, so rows that keep failing sink below newer
     * ones instead of filling every batch.
     */
    async deleteQueuedRecordings(): Promise<{ deleted: number; failed: number }> {
      const queued = await sql<{ id: string; provider: string; provider_recording_sid: string }[]>`
        select id, provider, provider_recording_sid from recording_deletions where provider = ${recordings.name}
        order by attempts, id limit ${BATCH}`;
      let deleted = 0;
      for (const row of queued) {
        heartbeat(row.id);
        try {
          await recordings.deleteRecording(row.provider_recording_sid);
          await sql`delete from recording_deletions where id = ${row.id}`;
          deleted++;
        } catch (error) {
          await sql`update recording_deletions set attempts = attempts + 1, last_error = ${String((error as Error).message ?? error).slice(0, 500)} where id = ${row.id}`;
        }
      }
      return { deleted, failed: queued.length - deleted };
    },
  };
}
