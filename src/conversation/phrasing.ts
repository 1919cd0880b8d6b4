import type { Question } from '../domain/questionnaire.ts';

export type Tone = 'friendly' | 'professional' | 'casual';

/** The agent's lines in each tone; the live agent's LLM rephrases them, tests read them as they are. */
export const lines = {
  greeting: (tone: Tone, name: string | null, title: string, minutes: number) => {
    const who = name ? ` ${name}` : '';
    if (tone === 'professional') return `Good day${who}. I am calling about a brief survey, "${title}". It takes about ${minutes} minutes. May I ask you a few questions?`;
    if (tone === 'casual') return `Hey${who}! Got ${minutes} minutes for a quick survey about "${title}"?`;
    return `Hi${who}! I'm calling with a short survey, "${title}". It only takes about ${minutes} minutes. Is now a good time?`;
  },
  followUpGreeting: (tone: Tone, name: string | null, title: string, open: number) => {
    const who = name ? ` ${name}` : '';
    const left = open === 1 ? 'one question' : `${open} questions`;
    if (tone === 'professional') return `Good day${who}. I am following up on our earlier call about the survey "${title}". There ${open === 1 ? 'is' : 'are'} ${left} left. May I continue?`;
    if (tone === 'casual') return `Hey${who}, following up on our chat about "${title}": just ${left} left. OK to finish?`;
    return `Hi${who}! I'm following up on our earlier call about "${title}". We only have ${left} left. Is now a good time to finish?`;
  },
  consentAgain: () => 'Sorry, I did not catch that. Is it all right if I ask you a few quick questions?',
  stillThere: () => 'Hello, are you still there?',
  ack: (tone: Tone) => (tone === 'professional' ? 'Thank you.' : tone === 'casual' ? 'Cool.' : 'Great, thanks!'),
  confirm: (tone: Tone, said: string) => `${tone === 'professional' ? 'Noted' : 'Got it'}: ${said}.`,
  noted: () => "Thanks, I'll note that down.",
  reask: (question: Question) => `Sorry, I want to get this right. ${clarify(question)}`,
  whoIsThis: (title: string) => `I'm an automated assistant calling to ask a few questions for the survey "${title}". Your answers help improve the service.`,
  skip: () => "No problem, let's move on.",
  thanks: (tone: Tone) =>
    tone === 'professional' ? 'That concludes the survey. Thank you for your time. Goodbye.' : tone === 'casual' ? "That's it, thanks a lot! Bye!" : "That's all my questions. Thank you so much for your time, have a great day!",
  declined: () => 'No problem at all. Thank you, and have a good day.',
  optedOut: () => "Understood. I've noted that you do not want to be called again. Goodbye.",
  callback: (when: string | null) => (when ? `Of course, I'll call you back ${when}. Goodbye.` : "Of course, we'll try again another time. Goodbye."),
  voicemail: (title: string) => `Hello, this is a call about a short survey, "${title}". We will try again later. Thank you!`,
};

/** A question as spoken, with its choices. */
export function ask(question: Question): string {
  return `${question.text}${choices(question)}`;
}

function clarify(question: Question): string {
  switch (question.type) {
    case 'yes_no':
      return `${question.text} Just yes or no is fine.`;
    case 'linear_scale':
      return `${question.text}${choices(question)} Please give me a single number.`;
    case 'multiple_choice':
    case 'dropdown':
      return `${question.text}${choices(question)} Which one fits best?`;
    case 'checkboxes':
      return `${question.text}${choices(question)} You can name several, or none.`;
    case 'number':
      return `${question.text} Please give me a number.`;
    case 'date':
      return `${question.text} A day and month is enough, for example the 3rd of March.`;
    case 'time':
      return `${question.text} For example, 3 in the afternoon.`;
    default:
      return question.text;
  }
}

function choices(question: Question): string {
  const options = question.options?.map((o) => o.label) ?? [];
  if (options.length) return ` Is it ${options.slice(0, -1).join(', ')}${options.length > 1 ? ', or ' : ''}${options[options.length - 1]}?`;
  if (question.type === 'linear_scale' && question.scale) {
    const { min, max, min_label, max_label } = question.scale;
    // "On a scale from 1 to 5, …" already says it
    if (/\bscale\b/i.test(question.text) && !(min_label && max_label)) return '';
    const ends = min_label && max_label ? `, where ${min} means ${min_label} and ${max} means ${max_label}` : '';
    return ` On a scale from ${min} to ${max}${ends}.`;
  }
  return '';
}

/** How a mapped value is read back to the person. */
export function sayValue(question: Question, value: unknown): string {
  const label = (id: unknown) => question.options?.find((o) => o.id === id)?.label ?? String(id);
  if (Array.isArray(value)) return value.length ? value.map(label).join(', ') : 'none of them';
  if (question.options) return label(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (question.type === 'linear_scale' && question.scale) return `${value} out of ${question.scale.max}`;
  return String(value);
}
