import type { Config } from '../config.ts';
import type { CallReportInput } from '../domain/call-report.ts';
import type { Telephony } from './ports.ts';
import { SimulatedDialer, type SurveyForCall } from './simulated/simulated-dialer.ts';
import { SimulatedNumberProvider } from './simulated/simulated-numbers.ts';
import { SimulatedTrunkProvider } from './simulated/simulated-trunks.ts';

export interface TelephonyDeps {
  report: (workflowId: string, report: CallReportInput) => Promise<unknown>;
  loadSurvey: (userId: string, surveyId: string) => Promise<SurveyForCall>;
  onError?: (error: unknown) => void;
}

export interface RunningTelephony extends Telephony {
  stop(): Promise<void>;
}

/** The providers chosen by TELEPHONY_MODE. */
export function createTelephony(config: Config['telephony'], deps: TelephonyDeps): RunningTelephony {
  const dialer = new SimulatedDialer({
    report: deps.report,
    loadSurvey: deps.loadSurvey,
    callDelayMs: config.simulated.callDelayMs,
    outcomeMix: config.simulated.outcomeMix,
    respondentMix: config.simulated.respondentMix,
    seed: config.simulated.seed,
    onError: deps.onError,
  });
  return {
    numbers: new SimulatedNumberProvider(),
    trunks: new SimulatedTrunkProvider(),
    dialer,
    stop: () => dialer.stop(),
  };
}
