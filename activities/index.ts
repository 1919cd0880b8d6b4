import type { LlmMapper } from '../src/answers/llm-mapper.ts';
import type { Sql } from '../src/db/client.ts';
import type { Telephony } from '../src/telephony/ports.ts';
import { createAnswerActivities } from './answers.ts';
import { createCallActivities } from './calls.ts';
import { createCampaignProgressActivities } from './campaign-progress.ts';
import { createGoogleFormActivities, type FormPoster } from './google-form.ts';
import { createProvisioningActivities } from './provisioning.ts';

export interface ActivityDeps {
  sql: Sql;
  telephony: Telephony;
  /** The LLM answer mapper, when configured. */
  llm?: LlmMapper | null;
  /** posts to Google Forms' response endpoint (tests use a stand-in) */
  postForm?: FormPoster;
}

/** Every activity the worker registers, built from injected clients so tests hand in stand-ins. */
export function createActivities({ sql, telephony, llm = null, postForm }: ActivityDeps) {
  return {
    ...createProvisioningActivities({ sql, numbers: telephony.numbers, trunks: telephony.trunks }),
    ...createCampaignProgressActivities({ sql }),
    ...createCallActivities({ sql, dialer: telephony.dialer }),
    ...createAnswerActivities({ sql, llm }),
    ...createGoogleFormActivities({ sql, post: postForm }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
