// One worker process of the chaos run (scripts/chaos/run-chaos.ts starts it, kills it with -9, starts
// it again): the service's own runtime in live telephony mode, its Twilio client pointed at the
// run's stand-in. Everything else (Temporal, PostgreSQL, LiveKit's API) is reached as in production.
import { loadConfig } from '../../src/config.ts';
import { startRuntime } from '../../src/runtime.ts';
import { twilioStandInClient } from '../../test/helpers/twilio-standin.ts';

const env = process.env;
const config = loadConfig(env);
await startRuntime(config, {
  workflowBundle: { codePath: env.CHAOS_WORKFLOW_BUNDLE! },
  twilioClient: twilioStandInClient(env.CHAOS_TWILIO_URL!, env.TWILIO_ACCOUNT_SID!, env.TWILIO_AUTH_TOKEN!),
  log: () => {},
});
console.log('chaos worker ready');
