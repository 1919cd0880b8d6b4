import * as chrono from 'chrono-node';
import { distance } from 'fastest-levenshtein';
import type { Question } from '../domain/questionnaire.ts';
import { contentWords, extractNumbers, normalize } from './normalize.ts';
import { canonicalWord, canonicalWords, namedSpans, ruledOut, type SpokenOption } from './option-words.ts';
import { spokenPositions } from './positions.ts';
import { spokenTime } from './spoken-time.ts';
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
      if (/\b(couple|few|several|some|many|lots|much)\b/.test(text)) return unclear('an approximate amount');
      // zero said as a phrase: "no pets", "not a single one", "we dont have any"
      const zero = /\bnot (a )?single( one)?\b|^no \w+( at all)?$|\b(dont|do not|havent|have not) (have |got )?any\b/;
      if (zero.test(text)) return extractNumbers(text.replace(zero, ' ')).length ? unclear('zero and a number') : mapped(0, 0.9);
      const numbers = [...new Set(extractNumbers(utterance))];
      if (numbers.length === 1) return mapped(numbers[0], 0.9);
      if (/\b(never|nothing)\b/.test(text) && numbers.length === 0) return mapped(0, 0.85);
      return unclear(numbers.length ? 'more than one number' : 'no number');
    }
    case 'date': {
      // "a few weeks ago", "last week": a span of time, not a day
      if (/\bago\b|\b(last|this|next|that) (week|month|year)\b/.test(text)) return unclear('no single date');
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
      const withDayPart = spokenTime(utterance);
      if (withDayPart) return mapped(withDayPart, 0.9);
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

const phraseIn = (text: string, phrase: string) => phrase.length > 0 && new RegExp(`(^| )${escape(phrase)}( |$)`).test(text);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const negated = (text: string, phrase: string) => new RegExp(`\\b(not|no|never|except)( the)? ${escape(phrase)}\\b`).test(text);

/** Share of the label's content words heard in the utterance (small typos forgiven in long words). */
function overlap(label: string, heard: string[]): number {
  const words = contentWords(label).map(canonicalWord);
  if (!words.length) return 0;
  const hits = words.filter((w) => heard.some((h) => h === w || (w.length >= 5 && distance(w, h) <= 1))).length;
  return hits / words.length;
}

/** Options named in the utterance (longest label wins) and those it ruled out ("not the deli"). */
function named(options: SpokenOption[], utterance: string) {
  const heard = canonicalWords(utterance);
  const spans = namedSpans(options, heard);
  const ruled = new Set(spans.filter((s) => ruledOut(heard, s)).map((s) => s.option));
  const chosen = new Set(spans.filter((s) => !ruledOut(heard, s)).map((s) => s.option));
  // words not inside a named span: what is left to name a rival option
  const rest = heard.filter((_, i) => !spans.some((s) => i >= s.start && i < s.end));
  return { chosen: [...chosen].filter((o) => !ruled.has(o)), ruled, contradicted: [...chosen].some((o) => ruled.has(o)), rest };
}

/** Hedges that make a set answer a guess ("a bit of everything maybe", "some of them"). */
const vague = /\b(maybe|some|bit of|couple|few|several|mostly|usual|probably|i think)\b/;

function chooseOne(question: Question, utterance: string): MappedAnswer {
  const options = question.options ?? [];
  const text = normalize(utterance);
  const { chosen, ruled, contradicted, rest } = named(options, utterance);
  const positions = spokenPositions(utterance, options.length);
  if (positions === undefined) return unclear('a position that is not in the list');
  const byPosition = positions.map((i) => options[i]!);
  const all = new Set([...chosen, ...byPosition]);
  if (contradicted || all.size > 1) return unclear('names more than one option');
  if (all.size === 1) {
    const [only] = all;
    // "between every week and once a month": another option is half-named in the remaining words
    const rival = options.some((o) => o !== only && !ruled.has(o) && overlap(o.label, rest) >= 0.6);
    if (rival) return unclear('names more than one option', only!.id, 0.5);
    return mapped(only!.id, chosen.length ? 0.95 : 0.9);
  }
  const heard = canonicalWords(utterance);
  // an option the person ruled out ("not every week") is never a fuzzy candidate
  const scored = options
    .filter((o) => !ruled.has(o) && !negated(text, normalize(o.label)))
    .map((o) => ({ o, score: overlap(o.label, heard) }))
    .sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  if (best && best.score >= 0.99 && (!second || second.score < 0.5)) return mapped(best.o.id, 0.85);
  if (best && best.score >= 0.5 && (!second || second.score <= best.score - 0.4)) return unclear('a partial match', best.o.id, 0.6);
  return unclear('matches no option');
}

const exceptWords = /\b(all|everything|every one|all of them|all of those|each of them)( of them| of those)? (but|except|apart from|other than|besides|minus|save)\b(.*)$/;
const noneWords = /^(none|nothing|neither|nope)\b|\bnone of (them|those|these|the above)\b|\b(dont|do not|didnt|never|havent|have not) (\w+ )?(any|none) of (them|those|these)\b|\bnot (a single one|one of them|any of them)\b|^no \w+( \w+)?( at all)?$|\bno \w+ at all\b/;

function chooseMany(question: Question, utterance: string): MappedAnswer {
  const options = question.options ?? [];
  const text = normalize(utterance);
  if (vague.test(text)) return unclear('a hedged or partial selection');
  const except = exceptWords.exec(text);
  if (except) {
    // "all but the last", "everything except the fish": every option minus the ones named after "except"
    const tail = except[4]!;
    const left = named(options, tail).chosen;
    const positions = spokenPositions(tail, options.length);
    if (positions === undefined) return unclear('a position that is not in the list');
    const excluded = new Set([...left, ...positions.map((i) => options[i]!)]);
    if (!excluded.size) return unclear('an exclusion that names no option');
    return mapped(options.filter((o) => !excluded.has(o)).map((o) => o.id), 0.9);
  }
  if (/\b(all|everything|every one|each of them)\b/.test(text.replace(/\b(at all|not all)\b/g, ' '))) {
    const { chosen } = named(options, utterance);
    if (chosen.length && chosen.length < options.length) return unclear('all, but names only some options');
    return mapped(options.map((o) => o.id), 0.9);
  }
  if (noneWords.test(text)) {
    if (named(options, utterance).chosen.length) return unclear('none, but names an option');
    return mapped([], 0.9);
  }
  const { chosen, contradicted } = named(options, utterance);
  if (contradicted) return unclear('an option both chosen and ruled out');
  const positions = spokenPositions(utterance, options.length);
  if (positions === undefined) return unclear('a position that is not in the list');
  const picked = new Set<SpokenOption>([...chosen, ...positions.map((i) => options[i]!)]);
  const heard = canonicalWords(utterance);
  for (const o of options) if (!picked.has(o) && overlap(o.label, heard) >= 0.99 && !negated(text, normalize(o.label))) picked.add(o);
  if (!picked.size) return unclear('matches no option');
  return mapped(options.filter((o) => picked.has(o)).map((o) => o.id), 0.9);
}

function scale(question: Question, utterance: string): MappedAnswer {
  const { min, max, min_label, max_label } = question.scale ?? { min: 1, max: 5 };
  // "9/10" is said as "nine out of ten"
  const text = normalize(utterance.replace(/(\d+)\s*\/\s*(\d+)/g, '$1 out of $2'));
  if (/\bhalf\b|\d\.\d/.test(text)) return unclear('between two points of the scale');
  let numbers = extractNumbers(text);
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
