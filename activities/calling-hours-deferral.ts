import type { Sql } from '../src/db/client.ts';
import type { CallingHours } from '../src/domain/calling-hours.ts';
import { freshHistory } from '../src/domain/retry-plan.ts';
import { contactZones, nextOpening } from '../src/contacts/calling-window.ts';
import { saveContactState } from './contact-state.ts';

export interface DeferredContact {
  id: string;
  /** when the calling hours open in each of the contact's zones */
  until: string;
}

/**
 * Fresh contacts whose calling hours are closed now are recorded as waiting until they open, before
 * any call workflow starts for them: a campaign where a third of the list sleeps spends no workflow
 * run, no dial slot and no history on them until they are due (the dial-time check stays, for
 * contacts whose hours close between this and the dial).
 */
export function createCallingHoursDeferralActivities({ sql }: { sql: Sql }) {
  return {
    async deferClosedContacts(input: { userId: string; campaignId: string; contactIds: string[]; callingHours: CallingHours }): Promise<{ deferred: DeferredContact[] }> {
      const { userId, campaignId, contactIds, callingHours } = input;
      if (contactIds.length === 0) return { deferred: [] };
      const contacts = await sql<{ id: string; phone_number: string; time_zone: string | null }[]>`
        select id, phone_number, time_zone from contacts where user_id = ${userId} and id = any(${contactIds}::uuid[])`;
      // a retried activity answers what its first try wrote, even if the hours have opened since:
      // otherwise a contact recorded as waiting would also be started now, and dialed twice
      const earlier = await sql<{ contact_id: string; next_attempt_at: Date }[]>`
        select contact_id, next_attempt_at from campaign_contacts
        where campaign_id = ${campaignId} and user_id = ${userId} and contact_id = any(${contactIds}::uuid[])
          and state = 'waiting' and wait_reason = 'calling_hours'`;
      const deferred: DeferredContact[] = earlier.map((row) => ({ id: row.contact_id, until: row.next_attempt_at.toISOString() }));
      const decided = new Set(deferred.map((d) => d.id));
      const now = new Date();
      const fresh: DeferredContact[] = [];
      for (const contact of contacts.filter((c) => !decided.has(c.id))) {
        const opens = nextOpening(now, callingHours, await contactZones(contact, callingHours.time_zone));
        // hours that never open are the call workflow's to report, as a failure of that contact
        if (!opens || opens.getTime() <= now.getTime()) continue;
        fresh.push({ id: contact.id, until: opens.toISOString() });
      }
      for (const d of fresh) {
        await saveContactState(sql, { userId, campaignId, contactId: d.id }, { state: 'waiting', nextAttemptAt: d.until, waitReason: 'calling_hours', history: freshHistory });
      }
      return { deferred: [...deferred, ...fresh] };
    },
  };
}
