import type { Queryable } from '../src/db/client.ts';
import type { CallOutcome } from '../src/domain/call-outcome.ts';
import type { ContactHistory } from '../src/domain/retry-plan.ts';

/** Where a contact stands in a campaign between runs of its call workflow (campaign_contacts). */
export type ContactState =
  | { state: 'dialing'; history?: ContactHistory }
  | { state: 'waiting'; nextAttemptAt: string; waitReason: 'retry' | 'callback' | 'calling_hours' | 'infrastructure'; history?: ContactHistory }
  | { state: 'finished'; finalOutcome: CallOutcome; history?: ContactHistory };

type ContactKey = { userId: string; campaignId: string; contactId: string };

export async function saveContactState(sql: Queryable, key: ContactKey, s: ContactState): Promise<void> {
  await contactStateUpsert(sql, key, s);
}

/** The statement that saves a contact's state, unsent: a caller may make it part of a larger one (a CTE). */
export function contactStateUpsert(sql: Queryable, key: ContactKey, s: ContactState) {
  const nextAttemptAt = s.state === 'waiting' ? s.nextAttemptAt : null;
  const waitReason = s.state === 'waiting' ? s.waitReason : null;
  const finalOutcome = s.state === 'finished' ? s.finalOutcome : null;
  const history = s.history ?? null;
  return sql`
    insert into campaign_contacts (campaign_id, contact_id, user_id, state, next_attempt_at, wait_reason, final_outcome, history)
    values (${key.campaignId}, ${key.contactId}, ${key.userId}, ${s.state}, ${nextAttemptAt}, ${waitReason}, ${finalOutcome},
            ${sql.json((history ?? {}) as never)})
    on conflict (campaign_id, contact_id) do update set
      state = excluded.state, next_attempt_at = excluded.next_attempt_at, wait_reason = excluded.wait_reason,
      final_outcome = excluded.final_outcome, claim_token = null, updated_at = now(),
      history = case when ${history === null} then campaign_contacts.history else excluded.history end`;
}
