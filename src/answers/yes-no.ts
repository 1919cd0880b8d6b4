import { normalize } from './normalize.ts';

const negativePhrases = [
  'no', 'nope', 'nah', 'not really', 'not at all', 'never', 'i wouldnt', 'i would not', 'i dont think so',
  'definitely not', 'absolutely not', 'of course not', 'no way', 'negative', 'i will not', 'i wont', 'not likely', 'unlikely',
];
const positivePhrases = [
  'yes', 'yeah', 'yep', 'yup', 'sure', 'definitely', 'absolutely', 'of course', 'certainly', 'i would', 'i will',
  'correct', 'thats right', 'right', 'uh huh', 'mhm', 'yes please', 'i do', 'i did', 'totally', 'for sure', 'indeed', 'ok', 'okay',
];
const unsurePhrases = ['not sure', 'dont know', 'no idea', 'maybe', 'depends', 'perhaps', 'possibly', 'yes and no', 'kind of', 'sort of', 'hard to say', 'no sure'];

const contains = (text: string, phrase: string) => new RegExp(`(^| )${phrase}( |$)`).test(text);

/**
 * true / false / null (unclear). Negative phrases win over the positive words inside them
 * ("definitely not"), and hedges ("not sure", "maybe") are unclear rather than a guess.
 */
export function yesNo(utterance: string): { value: boolean; confidence: number } | null {
  const text = normalize(utterance);
  if (!text || unsurePhrases.some((p) => contains(text, p))) return null;
  const negative = negativePhrases.filter((p) => contains(text, p));
  // strip negative phrases before looking for positive cues, so "definitely not" is not also "definitely"
  const rest = negative.reduce((t, p) => t.replace(new RegExp(`(^| )${p}( |$)`, 'g'), ' '), text);
  const positive = positivePhrases.filter((p) => contains(rest, p));
  if (negative.length && !positive.length) return { value: false, confidence: 0.95 };
  if (positive.length && !negative.length) return { value: true, confidence: 0.95 };
  return null;
}
