import type { Answer } from '../../domain/call-report.ts';
import type { Question } from '../../domain/questionnaire.ts';

/** A plausible spoken answer and its mapped value for one question. */
export function simulatedAnswer(question: Question, random: () => number): Answer {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const answer = (raw: string, mapped: unknown): Answer => ({
    question_id: question.id,
    raw_answer: raw,
    mapped_value: mapped,
    confidence: 1,
    method: 'simulated',
  });
  switch (question.type) {
    case 'multiple_choice':
    case 'dropdown': {
      const option = pick(question.options ?? [{ id: 'other', label: 'Other' }]);
      return answer(`I'd say ${option.label}`, option.id);
    }
    case 'checkboxes': {
      const chosen = (question.options ?? []).filter(() => random() < 0.5);
      const options = chosen.length ? chosen : (question.options ?? []).slice(0, 1);
      return answer(options.map((o) => o.label).join(' and '), options.map((o) => o.id));
    }
    case 'linear_scale': {
      const { min, max } = question.scale ?? { min: 1, max: 5 };
      const value = min + Math.floor(random() * (max - min + 1));
      return answer(`${value}`, value);
    }
    case 'yes_no': {
      const yes = random() < 0.6;
      return answer(yes ? 'yes, definitely' : 'no, not really', yes);
    }
    case 'number': {
      const value = Math.floor(random() * 10);
      return answer(`about ${value}`, value);
    }
    case 'date':
      return answer('the third of March', `2026-03-0${1 + Math.floor(random() * 9)}`);
    case 'time':
      return answer('around three in the afternoon', '15:00');
    case 'short_text':
    case 'paragraph':
      return answer(pick(['It was fine.', 'Friendly staff, slow checkout.', 'Nothing to add.']), null);
  }
}
