import * as chrono from 'chrono-node';
import { distance } from 'fastest-levenshtein';
import type { Question } from '../domain/questionnaire.ts';
import { contentWords, extractNumbers, extractOrdinals, normalize } from './normalize.ts';
import { yesNo } from './yes-no.ts';

/** What a spoken answer means for its question, or an honest "unclear". */
export type MappedAnswer =
  | { status: 'mapped'; value: unknown; confidence: number }
  | { status: 'unclear'; reason: string; confidence: number; suggestion?: unknown };

/** Below this the deterministic mapper does not trust itself: the LLM mapper (or "unclear") decides. */
export const CONFIDENT = 0.8;

const mapped = (value: unknown, confidence: number): MappedAnswer => ({ status: 'mapped', value, confidence });
const unclear = (reason: string, suggestion?: unknown, confidence = 0): MappedAnswer => ({ status: 'unclear', reason, confidence, suggestion });

/** Deterministic mapping: normalisation, number words, yes/no variants, option matching, ordinals, dates. */
export function mapAnswer(question: Question, utterance: string, referenceDate = new Date()): MappedAnswer {
  const text = normalize(utterance);
  if (!text) return unclear('no answer');
  switch (question.type) {
    case 'yes_no': {
      const answer = yesNo(utterance);
      return answer ? mapped(answer.value, answer.confidence) : unclear('not a clear yes or no');
    }
    case 'multiple_choice':
    case 'dropdown':
      return chooseOne(question, utterance);
    case 'checkboxes':
      return chooseMany(question, utterance);
    case 'linear_scale':
      return scale(question, utterance);
    case 'number': {
      if (/\b(couple|few|several|some|many|lots)\b/.test(text)) return unclear('an approximate amount');
      const numbers = [...new Set(extractNumbers(utterance))];
      if (numbers.length === 1) return mapped(numbers[0], 0.9);
      if (/\b(never|nothing)\b/.test(text) && numbers.length === 0) return mapped(0, 0.85);
      return unclear(numbers.length ? 'more than one number' : 'no number');
    }
    case 'date': {
      const [result, ...more] = chrono.parse(utterance, referenceDate);
      const start = result?.start;
      const dayKnown = start && ((start.isCertain('day') && start.isCertain('month')) || start.isCertain('weekday') || /\b(today|yesterday|tomorrow)\b/.test(text));
      if (!start || more.length || !dayKnown) return unclear('no single date');
      const d = start.date();
      // a date said without a year is the most recent one: surveys ask about what happened
      if (!start.isCertain('year') && d > referenceDate && !/\b(tomorrow|next)\b/.test(text)) d.setFullYear(d.getFullYear() - 1);
      const iso = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      return mapped(iso, 0.9);
    }
    case 'time': {
      const [result, ...more] = chrono.parse(utterance, referenceDate);
      if (!result || more.length || !result.start.isCertain('hour')) return unclear('no single time');
      const hh = String(result.start.get('hour')).padStart(2, '0');
      const mm = String(result.start.get('minute') ?? 0).padStart(2, '0');
      return mapped(`${hh}:${mm}`, 0.9);
    }
    case 'short_text':
    case 'paragraph':
      return mapped(utterance.trim(), 1);
  }
}

interface Option {
  id: string;
  label: string;
}

const phraseIn = (text: string, phrase: string) => phrase.length > 0 && new RegExp(`(^| )${escape(phrase)}( |$)`).test(text);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const negated = (text: string, phrase: string) => new RegExp(`\\b(not|no|never|except)( the)? ${escape(phrase)}\\b`).test(text);

/** Share of the label's content words heard in the utterance (small typos forgiven in long words). */
function overlap(label: string, heard: string[]): number {
  const words = contentWords(label);
  if (!words.length) return 0;
  const hits = words.filter((w) => heard.some((h) => h === w || (w.length >= 5 && distance(w, h) <= 1))).length;
  return hits / words.length;
}

function byOrdinal(options: Option[], utterance: string): Option[] {
  return extractOrdinals(utterance)
    .map((n) => (n === -1 ? options[options.length - 1] : options[n - 1]))
    .filter((o): o is Option => o !== undefined);
}

function labelMatches(options: Option[], text: string): Option[] {
  const hits = options.filter((o) => phraseIn(text, normalize(o.label)) && !negated(text, normalize(o.label)));
  // "A few times a year" also contains "a year"-like shorter labels: keep the longest overlapping ones
  return hits.filter((o) => !hits.some((p) => p !== o && normalize(p.label).includes(normalize(o.label))));
}

function chooseOne(question: Question, utterance: string): MappedAnswer {
  const options = question.options ?? [];
  const text = normalize(utterance);
  const labelled = labelMatches(options, text);
  const heardWords = text.split(' ');
  if (labelled.length === 1) {
    // "between every week and once a month": another option is half-named too
    const rival = options.some((o) => o !== labelled[0] && !negated(text, normalize(o.label)) && overlap(o.label, heardWords) >= 0.6);
    return rival ? unclear('names more than one option', labelled[0]!.id, 0.5) : mapped(labelled[0]!.id, 0.95);
  }
  if (labelled.length > 1) return unclear('names more than one option');
  const ordinal = [...new Set(byOrdinal(options, utterance))];
  if (ordinal.length > 1) return unclear('names more than one option');
  if (ordinal.length === 1) return mapped(ordinal[0]!.id, 0.9);
  const heard = normalize(utterance).split(' ');
  // an option the person ruled out ("not every week") is never a fuzzy candidate
  const scored = options
    .filter((o) => !negated(text, normalize(o.label)))
    .map((o) => ({ o, score: overlap(o.label, heard) }))
    .sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  if (best && best.score >= 0.99 && (!second || second.score < 0.5)) return mapped(best.o.id, 0.85);
  if (best && best.score >= 0.5 && (!second || second.score <= best.score - 0.4)) return unclear('a partial match', best.o.id, 0.6);
  return unclear('matches no option');
}

function chooseMany(question: Question, utterance: string): MappedAnswer {
  const options = question.options ?? [];
  const text = normalize(utterance);
  if (/\b(all of them|all of those|everything|all three|all four|all)\b/.test(text) && !/\bnot all\b/.test(text)) {
    return mapped(options.map((o) => o.id), 0.9);
  }
  if (/^(none|nothing|neither)\b|\bnone of (them|those)\b/.test(text)) return mapped([], 0.9);
  const chosen = new Set<Option>([...labelMatches(options, text), ...byOrdinal(options, utterance)]);
  const heard = text.split(' ');
  for (const o of options) if (!chosen.has(o) && overlap(o.label, heard) >= 0.99 && !negated(text, normalize(o.label))) chosen.add(o);
  if (!chosen.size) return unclear('matches no option');
  return mapped(options.filter((o) => chosen.has(o)).map((o) => o.id), 0.9);
}

function scale(question: Question, utterance: string): MappedAnswer {
  const { min, max, min_label, max_label } = question.scale ?? { min: 1, max: 5 };
  const text = normalize(utterance);
  if (/\bhalf\b|\d\.\d/.test(text)) return unclear('between two points of the scale');
  let numbers = extractNumbers(utterance);
  // "four out of five": the second number is the scale, not the answer
  const outOf = /(\S+) out of (\S+)/.exec(text);
  if (outOf) numbers = extractNumbers(outOf[1]!);
  const inRange = [...new Set(numbers.filter((n) => Number.isInteger(n) && n >= min && n <= max))];
  if (inRange.length === 1 && numbers.every((n) => inRange.includes(n) || n === max || n === min)) {
    if (!outOf && numbers.length > 1 && new Set(numbers).size > 1) return unclear('more than one number');
    return mapped(inRange[0], 0.95);
  }
  if (inRange.length > 1) return unclear('more than one number');
  if (numbers.length) return unclear(`outside ${min}–${max}`);
  if (max_label && phraseIn(text, normalize(max_label)) && !negated(text, normalize(max_label))) return mapped(max, 0.85);
  if (min_label && phraseIn(text, normalize(min_label))) return mapped(min, 0.85);
  return unclear('no number on the scale');
}
