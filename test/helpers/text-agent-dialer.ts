import { initializeLogger, voice } from '@livekit/agents';
import { prepareCall, type CallDeps } from '../../agent/prepare-call.ts';
import { createRespondent, type RespondentKind } from '../../src/conversation/respondents.ts';
import { seededRandom } from '../../src/domain/seeded-random.ts';
import { jobMetadata } from '../../src/telephony/live/livekit-dialer.ts';
import type { CallDialer, DialRequest } from '../../src/telephony/ports.ts';

/**
 * A dialer whose calls are answered by a scripted respondent talking, in text, to the real LiveKit
 * agent (its AgentSession with the framework's FakeLLM and no audio). The job metadata is exactly
 * what the LiveKit dialer dispatches, so the agent's whole job path runs: parse, store, report.
 */
export function textAgentDialer(deps: CallDeps, respondentFor: (request: DialRequest) => RespondentKind) {
  const calls: Promise<unknown>[] = [];
  const dialer: CallDialer & { settle(): Promise<unknown> } = {
    name: 'text-agent',
    hangUp: async () => {},
    // a text call has no provider to ask after an interrupted dial
    findCall: async () => null,
    async dial(request) {
      calls.push(runTextCall(deps, request, respondentFor(request)).catch((error) => console.error('text call failed', error)));
      return { providerCallId: `text-${request.callId}`, roomName: `call-${request.callId}` };
    },
    settle: () => Promise.allSettled(calls),
  };
  return dialer;
}

// the agents framework logs through its own logger, which must exist before any session
initializeLogger({ pretty: false, level: 'error' });

export async function runTextCall(deps: CallDeps, request: DialRequest, kind: RespondentKind) {
  const prepared = await prepareCall(deps, JSON.stringify(jobMetadata(request)));
  const session = new voice.AgentSession({ llm: new voice.testing.FakeLLM() });
  await session.start({ agent: prepared.agent });
  const respondent = createRespondent(kind, seededRandom(request.callId));
  const asked = new Map<string, number>();
  let lastLine = '';
  for (let turn = 0; turn < 50 && !prepared.agent.finished; turn++) {
    const question = prepared.agent.currentQuestion;
    if (question) asked.set(question.id, (asked.get(question.id) ?? 0) + 1);
    const heard = respondent({ agentSaid: lastLine, question, askedTimes: question ? asked.get(question.id)! : 0, questionIndex: prepared.agent.currentQuestionIndex });
    if (heard.kind !== 'speech') {
      await prepared.agent.hangUp();
      break;
    }
    const result = await session.run({ userInput: heard.text }).wait();
    lastLine = result.events.map((e) => (e.type === 'message' ? (e.item.textContent ?? '') : '')).join(' ');
  }
  await prepared.reported;
  await session.close();
}
