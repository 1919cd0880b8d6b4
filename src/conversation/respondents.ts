import type { Question } from '../domain/questionnaire.ts';
import type { Heard } from './survey-conversation.ts';

/** What a scripted person sees each turn: the agent's words and the question being asked (if any). */
export interface RespondentTurn {
  agentSaid: string;
  question: Question | null;
  /** how many times this question has been put to them (1 = first time) */
  askedTimes: number;
  /** 0-based position of the question */
  questionIndex: number;
}

export type Respondent = (turn: RespondentTurn) => Heard;

export const respondentKinds = ['cooperative', 'confused', 'talkative', 'refuses', 'opts_out', 'hangs_up', 'voicemail', 'callback', 'silent'] as const;
export type RespondentKind = (typeof respondentKinds)[number];

const speech = (text: string): Heard => ({ kind: 'speech', text });

/** A clear spoken answer to a question, chosen with `random`. */
export function clearAnswer(question: Question, random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  switch (question.type) {
    case 'multiple_choice':
    case 'dropdown':
      return pick(['', "I'd say ", 'Probably ', 'Hmm, ']) + pick(question.options ?? [{ id: 'x', label: 'the first one' }]).label;
    case 'checkboxes': {
      const chosen = (question.options ?? []).filter(() => random() < 0.45);
      return chosen.length ? chosen.map((o) => o.label).join(' and ') : 'None of them';
    }
    case 'linear_scale': {
      const { min, max } = question.scale ?? { min: 1, max: 5 };
      const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
      const value = min + Math.floor(random() * (max - min + 1));
      return pick([`${words[value]}`, `I'd give it a ${words[value]}`, `${value} out of ${max}`]);
    }
    case 'yes_no':
      return random() < 0.65 ? pick(['Yes', 'Yeah, definitely', 'Sure']) : pick(['No', 'Not really', 'Nope']);
    case 'number':
      return pick(['two', 'three', 'four', 'one', 'five']);
    case 'date':
      return pick(['The third of March', 'Last Friday', 'Yesterday', 'November 2nd']);
    case 'time':
      return pick(['3 pm', 'Around 10 am', 'At 6:30 pm']);
    case 'short_text':
    case 'paragraph':
      return pick(['The staff were friendly.', 'Checkout was a bit slow.', 'Nothing else, thanks.', 'More parking would help.']);
  }
}

/**
 * The scripted people the simulator and the tests call: each answers the agent's turn by its nature.
 * `random` makes their choices reproducible.
 */
export function createRespondent(kind: RespondentKind, random: () => number): Respondent {
  return ({ question, askedTimes, questionIndex }) => {
    if (kind === 'silent') return { kind: 'silence' };
    if (!question) {
      // the greeting (or a consent re-ask)
      if (kind === 'voicemail') return speech("Hi, you've reached Sam. I can't take your call, please leave a message after the tone.");
      if (kind === 'refuses') return speech("No thanks, I'm not interested.");
      if (kind === 'callback') return speech("It's not a good time, can you call me back tomorrow at 3pm?");
      return speech(kind === 'talkative' ? 'Oh sure, sure, I have a few minutes, go ahead!' : 'Sure, go ahead.');
    }
    if (kind === 'opts_out' && questionIndex === 1) return speech('Actually, please stop calling me.');
    if (kind === 'hangs_up' && questionIndex === 2) return { kind: 'hangup' };
    const answer = clearAnswer(question, random);
    if (kind === 'confused' && askedTimes === 1) return speech(random() < 0.5 ? 'Hmm, what do you mean exactly?' : 'I am not sure, it depends really.');
    if (kind === 'talkative') return speech(`Well, you know, my neighbour always says the same thing, but anyway. ${answer}.`);
    return speech(answer);
  };
}
