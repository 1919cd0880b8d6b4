import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/domain/seeded-random.ts';
import { sampleQuestionnaire } from '../../src/dev/seed.ts';
import { createRespondent, type RespondentKind } from '../../src/conversation/respondents.ts';
import { runConversation } from '../../src/conversation/run-conversation.ts';
import { SurveyConversation, type ConversationSettings } from '../../src/conversation/survey-conversation.ts';

const now = new Date('2026-11-24T12:00:00Z');
const settings: ConversationSettings = {
  participantName: 'Ada',
  surveyTitle: 'Store feedback',
  tone: 'friendly',
  questions: sampleQuestionnaire,
  voicemailAction: 'leave_message',
  now,
};
const play = (kind: RespondentKind, overrides: Partial<ConversationSettings> = {}) =>
  runConversation({ ...settings, ...overrides }, createRespondent(kind, seededRandom(`conversation:${kind}`)));

describe('the survey conversation with scripted respondents', () => {
  it('cooperative: greets by name, asks every question, confirms, thanks', () => {
    const result = play('cooperative');
    expect(result.outcome).toBe('completed');
    expect(result.answers.map((a) => a.question_id)).toEqual(sampleQuestionnaire.map((q) => q.id));
    expect(result.answers.every((a) => a.method === 'deterministic' && a.mapped_value !== null)).toBe(true);
    expect(result.transcript[0]).toEqual({ role: 'agent', text: expect.stringMatching(/^Hi Ada! .*"Store feedback"/) });
    expect(result.transcript.at(-1)!.text).toMatch(/Thank you so much for your time/);
    expect(result.transcript.some((t) => t.role === 'agent' && /^Got it: /.test(t.text))).toBe(true);
  });

  it('confused: re-asks once with the choices, then maps the answer', () => {
    const result = play('confused');
    expect(result.outcome).toBe('completed');
    expect(result.transcript.filter((t) => t.text.startsWith('Sorry, I want to get this right'))).toHaveLength(sampleQuestionnaire.length - 1);
    expect(result.answers.filter((a) => a.method === 'deterministic')).toHaveLength(sampleQuestionnaire.length);
  });

  it('talkative: finds the answer inside the chatter', () => {
    const result = play('talkative');
    expect(result.outcome).toBe('completed');
    expect(result.answers.filter((a) => a.mapped_value !== null).length).toBeGreaterThanOrEqual(3);
  });

  it('refuses, opts out, hangs up at question 3, voicemail, callback, silence', () => {
    expect(play('refuses')).toMatchObject({ outcome: 'declined', answers: [] });

    const optOut = play('opts_out');
    expect(optOut.outcome).toBe('opted_out');
    expect(optOut.answers).toHaveLength(1);
    expect(optOut.transcript.at(-1)!.text).toMatch(/do not want to be called again/);

    const hangUp = play('hangs_up');
    expect(hangUp).toMatchObject({ outcome: 'hung_up_early' });
    expect(hangUp.answers.map((a) => a.question_id)).toEqual(['visit_frequency', 'satisfaction']);

    const voicemail = play('voicemail');
    expect(voicemail.outcome).toBe('voicemail');
    expect(voicemail.transcript.at(-1)).toEqual({ role: 'agent', text: expect.stringMatching(/We will try again later/) });
    const hungUpOnVoicemail = play('voicemail', { voicemailAction: 'hang_up' });
    expect(hungUpOnVoicemail.transcript.at(-1)!.role).toBe('participant');

    const callback = play('callback');
    expect(callback).toMatchObject({ outcome: 'callback_requested', callbackAt: '2026-11-25T15:00:00.000Z' });

    expect(play('silent')).toMatchObject({ outcome: 'no_answer', answers: [] });
  });

  it('speaks in the survey\'s tone', () => {
    expect(play('cooperative', { tone: 'professional' }).transcript[0]!.text).toMatch(/^Good day Ada\. .*May I ask you a few questions\?/);
    expect(play('cooperative', { tone: 'casual' }).transcript[0]!.text).toMatch(/^Hey Ada!/);
  });

  it('answers off-topic questions, waits out silence and keeps an unclear answer as said', () => {
    const c = new SurveyConversation(settings);
    c.start();
    expect(c.hear({ kind: 'speech', text: 'Who is this?' }).say).toMatch(/automated assistant.*Is it all right/);
    c.hear({ kind: 'speech', text: 'ok sure' });
    expect(c.currentQuestion!.id).toBe('visit_frequency');
    expect(c.hear({ kind: 'silence' }).say).toMatch(/^Hello, are you still there\? How often/);
    expect(c.hear({ kind: 'speech', text: 'twice a year' }).say).toMatch(/^Sorry, I want to get this right/);
    expect(c.hear({ kind: 'speech', text: 'like I said, twice a year' }).say).toMatch(/^Thanks, I'll note that down\. On a scale/);
    expect(c.hear({ kind: 'speech', text: 'could you repeat the question' }).say).toMatch(/^On a scale from 1 to 5/);
    c.hear({ kind: 'speech', text: 'four' });
    c.hear({ kind: 'speech', text: "I'd rather not say" });
    const end = c.hear({ kind: 'speech', text: 'nothing else' });
    expect(end.end).toBe(true);
    expect(c.result.outcome).toBe('completed');
    expect(c.result.answers).toEqual([
      { question_id: 'visit_frequency', raw_answer: 'like I said, twice a year', mapped_value: null, confidence: 0, method: 'unclear' },
      { question_id: 'satisfaction', raw_answer: 'four', mapped_value: 4, confidence: 0.95, method: 'deterministic' },
      { question_id: 'recommend', raw_answer: "I'd rather not say", mapped_value: null, confidence: 0, method: 'unclear' },
      { question_id: 'comments', raw_answer: 'nothing else', mapped_value: 'nothing else', confidence: 1, method: 'deterministic' },
    ]);
  });

  it('follows up a call that ended mid-survey: says so, asks only the open questions', () => {
    const first = play('hangs_up');
    expect(first.answers.map((a) => a.question_id)).toEqual(['visit_frequency', 'satisfaction']);
    const followUp = play('cooperative', { previousAnswers: first.answers });
    expect(followUp.outcome).toBe('completed');
    expect(followUp.transcript[0]!.text).toMatch(/following up on our earlier call .*2 questions left/);
    // the first question put to the person is the first one they had not answered
    expect(followUp.transcript[2]!.text).toMatch(/recommend us to a friend/);
    expect(followUp.transcript.some((t) => /How often do you visit/.test(t.text))).toBe(false);
    expect(followUp.answers.map((a) => a.question_id)).toEqual(['recommend', 'comments']);

    const allAnswered = play('cooperative', { previousAnswers: play('cooperative').answers });
    expect(allAnswered).toMatchObject({ outcome: 'completed', answers: [] });
  });

  it('reads a callback time in the person\'s own zone and says it back in local time', () => {
    const la = play('callback', { timeZone: 'America/Los_Angeles' });
    // 12:00 UTC is 04:00 in Los Angeles: "tomorrow at 3pm" is 3 p.m. there, 23:00 UTC
    expect(la.callbackAt).toBe('2026-11-25T23:00:00.000Z');
    expect(la.transcript.at(-1)!.text).toMatch(/call you back Wednesday 3:00 PM\./);
    const tokyo = play('callback', { timeZone: 'Asia/Tokyo' });
    // 12:00 UTC is already 21:00 on the 24th in Tokyo: tomorrow is the 25th, 3 p.m. there is 06:00 UTC
    expect(tokyo.callbackAt).toBe('2026-11-25T06:00:00.000Z');
  });
});
