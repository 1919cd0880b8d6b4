import type { LlmMapper } from '../src/answers/llm-mapper.ts';
import type { Sql } from '../src/db/client.ts';
import type { Telephony } from '../src/telephony/ports.ts';
import { createAnswerActivities } from './answers.ts';
import { createCallActivities } from './calls.ts';
import { createCampaignProgressActivities } from './campaign-progress.ts';
import { createProvisioningActivities } from './provisioning.ts';

export interface ActivityDeps {
  sql: Sql;
  telephony: Telephony;
  /** The LLM answer mapper, when configured. */
  llm?: LlmMapper | null;
}

/** Every activity the worker registers, built from injected clients so tests hand in stand-ins. */
export function createActivities({ sql, telephony, llm = null }: ActivityDeps) {
  return {
    ...createProvisioningActivities({ sql, numbers: telephony.numbers, trunks: telephony.trunks }),
    ...createCampaignProgressActivities({ sql }),
    ...createCallActivities({ sql, dialer: telephony.dialer }),
    ...createAnswerActivities({ sql, llm }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
