import type { Client } from '@temporalio/client';
import type { LlmMapper } from '../src/answers/llm-mapper.ts';
import type { WebhookConfig } from '../src/config.ts';
import type { SecretBox } from '../src/crypto/secret-box.ts';
import type { Sql } from '../src/db/client.ts';
import { deliveryStarter } from '../src/webhooks/start-delivery.ts';
import type { Telephony } from '../src/telephony/ports.ts';
import { createAnswerActivities } from './answers.ts';
import { createCallActivities } from './calls.ts';
import { createCampaignReportActivities, type CampaignTeller } from './campaign-report.ts';
import { createCallingHoursDeferralActivities } from './calling-hours-deferral.ts';
import { createCampaignProgressActivities } from './campaign-progress.ts';
import { createGoogleFormActivities, type FormPoster } from './google-form.ts';
import { createProvisioningActivities } from './provisioning.ts';
import { createRecordingActivities } from './recordings.ts';
import { createRetentionActivities } from './retention.ts';
import { createRunsWithoutResultActivities } from './runs-without-result.ts';
import { NoRecordings } from '../src/telephony/simulated/simulated-recordings.ts';
import { translateActivityErrors } from './errors.ts';
import { createWebhookHook } from './webhook-hook.ts';
import { createWebhookDeliveryActivities } from './webhooks.ts';

export interface ActivityDeps {
  sql: Sql;
  telephony: Telephony;
  /** how a contact's run tells its campaign it is over (a Temporal signal in the service) */
  tellCampaign: CampaignTeller;
  /** The LLM answer mapper, when configured. */
  llm?: LlmMapper | null;
  /** posts to Google Forms' response endpoint (tests use a stand-in) */
  postForm?: FormPoster;
  /** Webhook delivery; without it events are still recorded but no delivery is started. */
  webhooks?: { client: Client; taskQueue: string; box: SecretBox; config: WebhookConfig };
}

/** Every activity the worker registers, built from injected clients so tests hand in stand-ins. */
export function createActivities({ sql, telephony, tellCampaign, llm = null, postForm, webhooks }: ActivityDeps) {
  const recordings = telephony.recordings ?? new NoRecordings();
  const events = createWebhookHook({ sql, startDelivery: webhooks ? deliveryStarter(webhooks.client, webhooks.taskQueue, webhooks.config) : null });
  return translateActivityErrors({
    ...createProvisioningActivities({ sql, numbers: telephony.numbers, trunks: telephony.trunks, recordings }),
    ...createCampaignProgressActivities({ sql, events }),
    ...createCallActivities({ sql, dialer: telephony.dialer, events, tell: tellCampaign }),
    ...createCampaignReportActivities({ tell: tellCampaign }),
    ...createRunsWithoutResultActivities({ sql, dialer: telephony.dialer, events }),
    ...createCallingHoursDeferralActivities({ sql }),
    ...createAnswerActivities({ sql, llm, events }),
    ...createGoogleFormActivities({ sql, post: postForm }),
    ...createRecordingActivities({ sql, recordings }),
    ...createRetentionActivities({ sql }),
    ...(webhooks ? createWebhookDeliveryActivities({ sql, box: webhooks.box, config: webhooks.config }) : webhookActivitiesUnavailable),
  });
}

/** Same activity names when webhooks are not wired (the workflow's activity type stays whole). */
const webhookActivitiesUnavailable: ReturnType<typeof createWebhookDeliveryActivities> = {
  deliverWebhook: async () => {
    throw new Error('webhook delivery is not configured in this worker');
  },
  markWebhookDeliveryFailed: async () => {},
};

export type Activities = ReturnType<typeof createActivities>;
