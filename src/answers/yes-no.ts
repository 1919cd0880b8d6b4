import { normalize } from './normalize.ts';

const negativePhrases = [
  'no', 'nope', 'nah', 'not really', 'not at all', 'never', 'i wouldnt', 'i would not', 'i dont think so',
  'definitely not', 'absolutely not', 'of course not', 'no way', 'negative', 'i will not', 'i wont', 'not likely', 'unlikely',
  'not yet', 'not a chance', 'no chance', 'doubtful', 'i doubt', 'doubt it', 'im not', 'i am not', 'i didnt', 'i dont',
  'probably not', 'likely not', 'most likely not', 'i dont think (i|we|it|that|she|he|they) (will|would|am|are|is|do|did|can)',
  'i dont (believe|think) so',
];
// hedged but leaning one way: still an answer ("probably yes", "most likely", "I think so")
const positivePhrases = [
  'yes', 'yeah', 'yep', 'yup', 'sure', 'definitely', 'absolutely', 'of course', 'certainly', 'i would', 'i will',
  'correct', 'thats right', 'right', 'uh huh', 'mhm', 'yes please', 'i do', 'i did', 'i am', 'totally', 'for sure', 'indeed', 'ok', 'okay',
  'probably', 'likely', 'most likely', 'very likely', 'i think so', 'i believe so', 'i suppose so',
];
const unsurePhrases = [
  'not sure', 'dont know', 'no idea', 'maybe', 'depends', 'perhaps', 'possibly', 'yes and no', 'kind of', 'sort of', 'hard to say',
  'no sure', 'if', 'might', 'could be', 'we will see', 'well see', 'fifty fifty', 'half', 'i guess', 'once', 'unless',
];

const contains = (text: string, phrase: string) => new RegExp(`(^| )${phrase}( |$)`).test(text);

/**
 * true / false / null (unclear). Negative phrases win over the positive words inside them
 * ("definitely not", "probably not"), a leaning hedge ("probably yes", "I doubt it") is an answer, and
 * real uncertainty ("maybe", "if the price is right") is unclear rather than a guess.
 */
export function yesNo(utterance: string): { value: boolean; confidence: number } | null {
  const text = normalize(utterance);
  if (!text || unsurePhrases.some((p) => contains(text, p))) return null;
  const negative = negativePhrases.filter((p) => contains(text, p)).sort((a, b) => b.length - a.length);
  // strip negative phrases before looking for positive cues, so "definitely not" is not also "definitely"
  const rest = negative.reduce((t, p) => t.replace(new RegExp(`(^| )${p}( |$)`, 'g'), ' '), text);
  const positive = positivePhrases.filter((p) => contains(rest, p));
  if (negative.length && !positive.length) return { value: false, confidence: 0.95 };
  if (positive.length && !negative.length) return { value: true, confidence: 0.95 };
  return null;
}
