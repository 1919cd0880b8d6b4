import type { Sql } from '../src/db/client.ts';
import type { NumberProvider, RecordingProvider, TrunkProvider } from '../src/telephony/ports.ts';
import { userRecordsCalls } from './recordings.ts';
import { permanentFailure } from './errors.ts';
import { failureTypes } from '../workflows/messages.ts';

export interface ProvisioningDeps {
  sql: Sql;
  numbers: NumberProvider;
  trunks: TrunkProvider;
  recordings: RecordingProvider;
}

/**
 * Both activities are safe to retry at any point: the database is checked first, then the provider (by
 * the user-id tag), and only then is anything bought or created; the record is an upsert.
 */
export function createProvisioningActivities({ sql, numbers, trunks, recordings }: ProvisioningDeps) {
  async function activeNumber(userId: string) {
    const [row] = await sql<{ phone_number: string; provider_sid: string }[]>`
      select phone_number, provider_sid from phone_numbers
      where user_id = ${userId} and status = 'active'`;
    return row ? { phoneNumber: row.phone_number, sid: row.provider_sid } : null;
  }

  return {
    async ensurePhoneNumber(input: { userId: string }): Promise<{ phoneNumber: string; sid: string }> {
      const { userId } = input;
      const existing = await activeNumber(userId);
      if (existing) return existing;
      const [user] = await sql`select id from users where id = ${userId}`;
      if (!user) throw permanentFailure(failureTypes.userNotFound, `user ${userId} does not exist`);

      const owned = (await numbers.findNumberForUser(userId)) ?? (await numbers.buyNumberForUser(userId));
      await sql.begin(async (tx) => {
        // the partial unique index (one active number per user) turns a concurrent second insert into a no-op
        await tx`
          insert into phone_numbers (user_id, phone_number, provider, provider_sid)
          values (${userId}, ${owned.phoneNumber}, ${numbers.name}, ${owned.sid})
          on conflict do nothing`;
        await tx`
          update users set
            twilio_phone_number = ${owned.phoneNumber},
            phone_number_sid = ${owned.sid},
            phone_provisioned_at = coalesce(phone_provisioned_at, now()),
            updated_at = now()
          where id = ${userId}`;
      });
      return (await activeNumber(userId)) ?? owned;
    },

    async ensureSipTrunk(input: { userId: string; phoneNumber: string }): Promise<{ trunkId: string }> {
      const { userId, phoneNumber } = input;
      // asking the provider every time also notices a trunk deleted on its side, which is then recreated
      const trunk = (await trunks.findTrunkForUser(userId)) ?? (await trunks.createTrunkForUser(userId, phoneNumber));
      // every launch ensures it: the trunk records from answer while any of the user's surveys records
      const [stored] = await sql<{ twilio_trunk_sid: string | null }[]>`select twilio_trunk_sid from sip_credentials where user_id = ${userId}`;
      await recordings.setTrunkRecording({ userId, carrierTrunkSid: stored?.twilio_trunk_sid ?? null }, await userRecordsCalls(sql, userId));
      await sql.begin(async (tx) => {
        await tx`
          update sip_trunks set deleted_at = now()
          where user_id = ${userId} and deleted_at is null and livekit_trunk_id <> ${trunk.trunkId}`;
        await tx`
          insert into sip_trunks (user_id, livekit_trunk_id, trunk_name, sip_address, phone_number)
          values (${userId}, ${trunk.trunkId}, ${trunk.trunkName}, ${trunk.sipAddress}, ${trunk.phoneNumber})
          on conflict (livekit_trunk_id) do update set
            phone_number = excluded.phone_number, sip_address = excluded.sip_address, deleted_at = null`;
        await tx`update users set livekit_trunk_id = ${trunk.trunkId}, updated_at = now() where id = ${userId}`;
      });
      return { trunkId: trunk.trunkId };
    },

    /** Gives the number back to the provider and retires the trunk; safe to repeat. */
    async releasePhoneNumber(input: { userId: string }): Promise<{ released: string | null }> {
      const { userId } = input;
      const active = await activeNumber(userId);
      if (!active) return { released: null };
      await numbers.releaseNumber(active.sid);
      const live = await sql<{ livekit_trunk_id: string }[]>`
        select livekit_trunk_id from sip_trunks where user_id = ${userId} and deleted_at is null`;
      for (const trunk of live) await trunks.deleteTrunk(trunk.livekit_trunk_id);
      await sql.begin(async (tx) => {
        await tx`
          update phone_numbers set status = 'released', released_at = now()
          where user_id = ${userId} and status = 'active'`;
        await tx`update sip_trunks set deleted_at = now() where user_id = ${userId} and deleted_at is null`;
        await tx`
          update users set twilio_phone_number = null, phone_number_sid = null, phone_provisioned_at = null,
            livekit_trunk_id = null, updated_at = now()
          where id = ${userId}`;
      });
      return { released: active.phoneNumber };
    },
  };
}
