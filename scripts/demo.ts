// `npm run demo [-- --contacts 200 --keep]`: seeds a user, a survey and contacts, launches a simulated
// campaign, draws its progress from the workflow's status query, then prints what came back.
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { queryCampaignStatus } from '../src/campaigns/campaign-status.ts';
import { launchCampaign } from '../src/campaigns/launch-campaign.ts';
import { loadConfig } from '../src/config.ts';
import { sampleQuestionnaire, seedContacts, seedSurvey, seedUser } from '../src/dev/seed.ts';
import { startRuntime } from '../src/runtime.ts';
import { portOrFree } from '../src/temporal/dev-server.ts';
import { campaignWorkflowId, campaignOutcomesQuery } from '../workflows/messages.ts';

const { values: args } = parseArgs({
  options: {
    contacts: { type: 'string', default: '200' },
    window: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
  },
});
const contactCount = Number(args.contacts);

const env = { ...process.env };
env.DATA_DIR ??= '.data/demo';
env.SIM_CALL_DELAY_MS ??= '600';
// simulated calls at any hour of the day
env.CAMPAIGN_CALLING_HOURS ??= 'always';
env.TEMPORAL_PORT ??= String(await portOrFree(7233));
env.TEMPORAL_UI_PORT ??= String(await portOrFree(8233));
const config = loadConfig(env);
const runtime = await startRuntime(config, { log: (line) => console.log(`  ${line}`) });
const { sql } = runtime.db;

const userId = await seedUser(sql, 'demo@survey-dialer.local', 'Demo User');
const surveyId = await seedSurvey(sql, userId, { title: `Demo survey ${new Date().toISOString().slice(0, 16)}` });
await seedContacts(sql, userId, surveyId, contactCount);
const { campaignId, workflowId } = await launchCampaign(
  { sql, client: runtime.client, taskQueue: config.temporal.taskQueue, campaign: config.campaign, dialTaskQueue: config.telephony.dialTaskQueue },
  { userId, surveyId, testMode: false, maxConcurrentCalls: Number(args.window) },
);

console.log(`\ncampaign ${campaignId}: ${contactCount} contacts, ${args.window} calls at a time`);
if (runtime.temporal.uiUrl) {
  console.log(`Temporal Web UI: ${runtime.temporal.uiUrl}/namespaces/${config.temporal.namespace}/workflows/${workflowId}`);
  console.log(`  all its calls: search  CampaignId = "${campaignId}"\n`);
}

const bar = new cliProgress.SingleBar(
  { format: ' {bar} {percentage}% | {value}/{total} calls done | in progress {inProgress} | completed {completed} | other {failed} | {status}', hideCursor: true },
  cliProgress.Presets.shades_classic,
);
bar.start(contactCount, 0, { inProgress: 0, completed: 0, failed: 0, status: 'provisioning' });
for (;;) {
  const s = await queryCampaignStatus(runtime.client, campaignId);
  bar.setTotal(s.total_contacts || contactCount);
  bar.update(s.completed_calls + s.failed_calls, {
    inProgress: s.in_progress_calls,
    completed: s.completed_calls,
    failed: s.failed_calls,
    status: `${s.status} from ${s.phone_number ?? '…'}`,
  });
  if (s.status === 'completed' || s.status === 'failed') break;
  await new Promise((r) => setTimeout(r, 250));
}
bar.stop();

const outcomes = await runtime.client.workflow.getHandle(campaignWorkflowId(campaignId)).query(campaignOutcomesQuery);
console.log('\noutcomes');
console.table(Object.entries(outcomes).map(([outcome, calls]) => ({ outcome, calls })));
for (const question of sampleQuestionnaire.slice(0, 3)) {
  const rows = await sql<{ answer: string; n: number }[]>`
    select r.mapped_value #>> '{}' as answer, count(*)::int as n
    from responses r join calls c on c.id = r.call_id
    where c.campaign_id = ${campaignId} and r.question_id = ${question.id}
    group by 1 order by 2 desc`;
  console.log(`\n"${question.text}"`);
  console.table(rows.map((r) => ({ answer: r.answer, respondents: r.n })));
}

if (args.keep && runtime.temporal.uiUrl) {
  console.log(`\nstill running so you can browse ${runtime.temporal.uiUrl}; Ctrl-C to stop`);
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
}
await runtime.stop();
process.exit(0);
