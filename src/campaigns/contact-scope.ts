import type { Queryable } from '../db/client.ts';
import { settledOutcomes } from '../domain/call-outcome.ts';

/**
 * Which of the survey's contacts a campaign calls: all of them; those never reached with a final
 * answer (completed, opted out, declined) nor on the do-not-call list; or, retrying a campaign, those
 * of that campaign whose final outcome there was retryable.
 */
export type ContactScope = { kind: 'all' } | { kind: 'not_completed' } | { kind: 'retry'; parentCampaignId: string };

/** `and …` conditions on contacts `c` for a scope (nothing for all). */
export function scopeFilter(sql: Queryable, userId: string, scope: ContactScope | undefined) {
  if (!scope || scope.kind === 'all') return sql``;
  const unsettled = sql`
    and not exists (
      select 1 from calls k where k.contact_id = c.id and k.user_id = ${userId} and k.outcome in ${sql([...settledOutcomes])})
    and not exists (select 1 from do_not_call d where d.user_id = ${userId} and d.phone_number = c.phone_number)`;
  if (scope.kind === 'not_completed') return unsettled;
  const parent = scope.parentCampaignId;
  // A parent that failed before it froze its list (provisioning gave up: no contact_seq_limit) dialed
  // no one, so every contact its own scope would have taken is still retryable. A parent that was itself
  // a retry and never ran is retried by retrying its own parent instead (its list is that campaign's).
  return sql`${unsettled}
    and exists (
      select 1 from campaigns p where p.id = ${parent} and p.user_id = ${userId}
        and ((p.contact_seq_limit is null and p.contact_scope <> 'retry')
          or (c.seq <= p.contact_seq_limit
            and (p.contact_scope = 'all'
              or exists (select 1 from campaign_contacts cc where cc.campaign_id = p.id and cc.contact_id = c.id)
              or exists (select 1 from calls k where k.campaign_id = p.id and k.contact_id = c.id)))))`;
}

