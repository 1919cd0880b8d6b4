import type { Sql } from '../src/db/client.ts';
import { callJobSchema, type CallJob } from '../src/domain/call-job.ts';
import type { CallReportInput } from '../src/domain/call-report.ts';
import type { ReportResult } from '../src/campaigns/report-call.ts';
import { SurveyConversation } from '../src/conversation/survey-conversation.ts';
import { conversationSettingsForCall } from '../src/conversation/call-settings.ts';
import { loadFollowUpAnswers } from '../src/responses/follow-up-answers.ts';
import { upsertResponses } from '../src/responses/upsert-responses.ts';
import { loadSurveyForCall } from '../src/surveys/load-survey-for-call.ts';
import type { EndedDial } from '../src/telephony/ports.ts';
import { addCallTokens, addTokens, type LlmTokens } from '../src/usage/llm-tokens.ts';
import type { Logger } from 'pino';
import { callLogger } from './logs.ts';
import { recordCallEvent } from './metrics.ts';
import { SurveyAgent } from './survey-agent.ts';

export interface CallDeps {
  sql: Sql;
  /** builds a rephraser for surveys with custom instructions (the agent process passes an LLM one) */
  rephraserFor?: (survey: { tone: string; instructions: string; keep: string[]; onTokens: (tokens: LlmTokens) => void }) => (line: string) => Promise<string>;
  /** sends callCompleted to the contact's workflow (reportCallCompleted with a Temporal client) */
  report: (workflowId: string, report: CallReportInput) => Promise<ReportResult>;
  now?: () => Date;
  /** waits between report attempts; tests pass a short one */
  retryDelayMs?: number;
}

export class InvalidJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidJobError';
  }
}

export interface PreparedCall {
  job: CallJob;
  /** the call's log lines: the project's logger with its campaign, contact and call ids */
  log: Logger;
  /** the survey's voice setting, for the TTS */
  voice: string;
  agent: SurveyAgent;
  /** settles when the call's report has been delivered (or the workflow no longer wants it) */
  reported: Promise<ReportResult>;
  /** reports a call that never connected (the agent dialed and got busy, no answer, …) */
  reportEnded(ended: EndedDial): Promise<ReportResult>;
}

/**
 * Parses the dispatch metadata, loads the survey and builds the agent that stores and reports as it
 * goes. Counts the call (started, finished by outcome, errors: agent/metrics.ts) and logs it with its ids.
 */
export async function prepareCall(deps: CallDeps, metadata: string): Promise<PreparedCall> {
  let job: CallJob;
  try {
    job = callJobSchema.parse(JSON.parse(metadata));
  } catch (error) {
    recordCallEvent({ type: 'error', kind: 'invalid_job' });
    // zod's message names the fields, never their values; the metadata itself holds the callee's number
    throw new InvalidJobError(`the dispatch metadata is not a call job: ${error instanceof SyntaxError ? 'not JSON' : (error as Error).message}`);
  }
  const log = callLogger(job);
  const survey = await loadSurveyForCall(deps.sql, job.user_id, job.survey_id).catch((error: unknown) => {
    recordCallEvent({ type: 'error', kind: 'call_setup' });
    log.error({ err: error }, 'call not started: the survey could not be loaded');
    throw error;
  });
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const elapsedSeconds = () => Math.round((now().getTime() - startedAt.getTime()) / 100) / 10;
  recordCallEvent({ type: 'started' });
  log.info({ dial: job.dial, questions: survey.questions.length }, 'call started');
  let finished = false;
  const finish = (outcome: CallReportInput['outcome'], fields: Record<string, unknown>) => {
    if (finished) return;
    finished = true;
    const duration_seconds = elapsedSeconds();
    recordCallEvent({ type: 'finished', outcome, duration_seconds });
    log.info({ outcome, duration_seconds, ...fields }, 'call finished');
  };
  const conversation = new SurveyConversation(
    conversationSettingsForCall(survey, {
      participantName: job.participant_name,
      timeZone: job.time_zone,
      leaveVoicemail: job.leave_voicemail,
      previousAnswers: await loadFollowUpAnswers(deps.sql, job.user_id, job.contact_id),
      now: startedAt,
    }),
  );
  const call = { userId: job.user_id, callId: job.call_id, surveyId: job.survey_id, contactId: job.contact_id };

  let resolveReported!: (r: ReportResult) => void;
  let rejectReported!: (e: unknown) => void;
  const reported = new Promise<ReportResult>((resolve, reject) => {
    resolveReported = resolve;
    rejectReported = reject;
  });

  // the agent's LLM use is the rephrasing alone (the conversation engine decides the lines): without
  // instructions it is a known zero, stored with the call so its cost is not guessed per call
  let tokens: LlmTokens = { input: 0, output: 0 };
  const agent = new SurveyAgent(
    conversation,
    {
      onAnswers: (answers) => upsertResponses(deps.sql, call, answers),
      onFinished: async (result) => {
        const report: CallReportInput = {
          call_id: job.call_id,
          outcome: result.outcome,
          answers: result.answers,
          transcript: result.transcript,
          duration_seconds: elapsedSeconds(),
          callback_at: result.callbackAt,
        };
        finish(result.outcome, { answers: result.answers.length });
        // a lost token count only makes the cost an estimate: it never holds back the report
        await addCallTokens(deps.sql, call, tokens).catch(() => undefined);
        // the answers are already stored; keep trying to deliver the outcome, without holding the call
        void deliver(deps, job.workflow_id, report, log).then(resolveReported, rejectReported);
      },
    },
    `You are a polite phone survey assistant for "${survey.surveyTitle}". Speak the lines you are given.`,
    survey.instructions && deps.rephraserFor
      ? deps.rephraserFor({
          tone: survey.tone,
          instructions: survey.instructions,
          keep: survey.questions.flatMap((q) => (q.options ?? []).map((o) => o.label)),
          onTokens: (used) => {
            tokens = addTokens(tokens, used);
          },
        })
      : undefined,
  );
  const reportEnded = (ended: EndedDial) => {
    finish(ended.outcome, { sip_status: ended.sipStatus, connected: false });
    const delivery = deliver(deps, job.workflow_id, { call_id: job.call_id, outcome: ended.outcome, sip_status: ended.sipStatus, error: ended.reason }, log);
    void delivery.then(resolveReported, rejectReported);
    return delivery;
  };
  return { job, log, voice: survey.voice, agent, reported, reportEnded };
}

async function deliver(deps: CallDeps, workflowId: string, report: CallReportInput, log: Logger): Promise<ReportResult> {
  const delay = deps.retryDelayMs ?? 2_000;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await deps.report(workflowId, report);
      if (result.delivered) log.info({ report_attempts: attempt }, 'call report delivered');
      else log.warn({ reason: result.reason, detail: result.detail }, 'call report not taken by the workflow');
      return result;
    } catch (error) {
      if (attempt >= 8) {
        recordCallEvent({ type: 'error', kind: 'report' });
        log.error({ err: error, report_attempts: attempt }, 'call report not delivered (the answers are stored)');
        throw error;
      }
      log.warn({ err: error, report_attempts: attempt }, 'call report failed, retrying');
      await new Promise((r) => setTimeout(r, delay * attempt));
    }
  }
}
