import type { Sql } from '../src/db/client.ts';
import type { Telephony } from '../src/telephony/ports.ts';
import { createCallActivities } from './calls.ts';
import { createCampaignProgressActivities } from './campaign-progress.ts';
import { createProvisioningActivities } from './provisioning.ts';

export interface ActivityDeps {
  sql: Sql;
  telephony: Telephony;
}

/** Every activity the worker registers, built from injected clients so tests hand in stand-ins. */
export function createActivities({ sql, telephony }: ActivityDeps) {
  return {
    ...createProvisioningActivities({ sql, numbers: telephony.numbers, trunks: telephony.trunks }),
    ...createCampaignProgressActivities({ sql }),
    ...createCallActivities({ sql, dialer: telephony.dialer }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
