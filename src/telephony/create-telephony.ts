import { AgentDispatchClient, RoomServiceClient, SipClient } from 'livekit-server-sdk';
import twilio from 'twilio';
import type { Config } from '../config.ts';
import { createSecretBox } from '../crypto/secret-box.ts';
import type { Sql } from '../db/client.ts';
import type { CallReportInput } from '../domain/call-report.ts';
import { LiveKitDialer } from './live/livekit-dialer.ts';
import { LiveKitTrunkProvider } from './live/livekit-trunks.ts';
import { TwilioNumberProvider } from './live/twilio-numbers.ts';
import { TwilioRecordings } from './live/twilio-recordings.ts';
import { TwilioTermination } from './live/twilio-termination.ts';
import type { RecordingProvider, Telephony } from './ports.ts';
import { loadFollowUpAnswers } from '../responses/follow-up-answers.ts';
import { SimulatedDialer, type SurveyForCall } from './simulated/simulated-dialer.ts';
import { SimulatedNumberProvider } from './simulated/simulated-numbers.ts';
import { NoRecordings } from './simulated/simulated-recordings.ts';
import { SimulatedTrunkProvider } from './simulated/simulated-trunks.ts';

export interface TelephonyDeps {
  sql: Sql;
  report: (workflowId: string, report: CallReportInput) => Promise<unknown>;
  loadSurvey: (userId: string, surveyId: string) => Promise<SurveyForCall>;
  onError?: (error: unknown) => void;
  /** live mode's Twilio client; default: one for the configured account */
  twilioClient?: ReturnType<typeof twilio>;
}

export interface RunningTelephony extends Telephony {
  recordings: RecordingProvider;
  stop(): Promise<void>;
}

const twilioClientFor = (tw: { accountSid: string; authToken: string }) => twilio(tw.accountSid, tw.authToken, { autoRetry: true, maxRetries: 3 });

/**
 * The carrier's recordings: Twilio's in live mode, none in simulation. The API builds its own (it
 * streams media) without the rest of telephony.
 */
export function createRecordingProvider(config: Config['telephony'], twilioClient?: ReturnType<typeof twilio>): RecordingProvider {
  if (!config.live) return new NoRecordings();
  const tw = config.live.twilio;
  return new TwilioRecordings({ client: twilioClient ?? twilioClientFor(tw), accountSid: tw.accountSid, authToken: tw.authToken });
}

/** The providers chosen by TELEPHONY_MODE: the simulator, or Twilio + LiveKit through their SDKs. */
export function createTelephony(config: Config['telephony'], deps: TelephonyDeps): RunningTelephony {
  if (config.live) {
    const { twilio: tw, livekit: lk } = config.live;
    const client = deps.twilioClient ?? twilioClientFor(tw);
    const sip = new SipClient(lk.url, lk.apiKey, lk.apiSecret);
    return {
      recordings: createRecordingProvider(config, client),
      numbers: new TwilioNumberProvider({ client, countries: tw.countries, areaCode: tw.areaCode, voiceUrl: config.live.voiceWebhookUrl }),
      trunks: new LiveKitTrunkProvider({ sip, termination: new TwilioTermination({ client, sql: deps.sql, secrets: createSecretBox(config.live.credentialsKey) }) }),
      dialer: new LiveKitDialer({
        rooms: new RoomServiceClient(lk.url, lk.apiKey, lk.apiSecret),
        dispatch: new AgentDispatchClient(lk.url, lk.apiKey, lk.apiSecret),
        sip,
        agentName: lk.agentName,
        ringingTimeoutSeconds: config.live.ringingTimeoutSeconds,
        maxCallDurationSeconds: config.live.maxCallDurationSeconds,
      }),
      stop: async () => {},
    };
  }
  const dialer = new SimulatedDialer({
    report: deps.report,
    loadSurvey: deps.loadSurvey,
    loadFollowUpAnswers: (userId, contactId) => loadFollowUpAnswers(deps.sql, userId, contactId),
    callDelayMs: config.simulated.callDelayMs,
    outcomeMix: config.simulated.outcomeMix,
    respondentMix: config.simulated.respondentMix,
    seed: config.simulated.seed,
    onError: deps.onError,
  });
  return {
    numbers: new SimulatedNumberProvider(),
    trunks: new SimulatedTrunkProvider(),
    recordings: new NoRecordings(),
    dialer,
    stop: () => dialer.stop(),
  };
}
