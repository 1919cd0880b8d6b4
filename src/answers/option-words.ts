import { stemmer } from 'stemmer';
import lexicon from './lexicon.json' with { type: 'json' };
import { contentWords, normalize } from './normalize.ts';

/** An answer option as the mapper sees it: its label and any words the owner gave as aliases. */
export interface SpokenOption {
  id: string;
  label: string;
  aliases?: string[];
}

const forms: Record<string, string> = lexicon.forms;
const leading = new Set(['a', 'an', 'the', 'my', 'some']);

/** One word in a comparable form: derived words to their base ("Italian" → italy, "northern" → north), then stemmed ("dogs" → dog). */
export const canonicalWord = (word: string): string => stemmer(forms[word] ?? word);

/** Canonical words of a text; a phrase's leading article is dropped so "an advert" matches "advert". */
export function canonicalWords(text: string, dropLeading = false): string[] {
  const words = normalize(text).split(' ').filter(Boolean);
  while (dropLeading && words.length > 1 && leading.has(words[0]!)) words.shift();
  return words.map(canonicalWord);
}

const categories = lexicon.categories.map((c) => ({ labels: c.labels.map((l) => canonicalWords(l, true)), members: c.members }));
const containsRun = (words: string[], run: string[]) => run.length > 0 && words.some((_, i) => run.every((w, j) => words[i + j] === w));

/**
 * Every phrase that names an option: its label, the owner's aliases, and the built-in lexicon's members
 * of any category the label or aliases name ("Social media" → instagram, tiktok, …).
 */
export function optionPhrases(option: SpokenOption): string[][] {
  const own = [option.label, ...(option.aliases ?? [])].map((p) => canonicalWords(p, true));
  const fromLexicon = categories.filter((c) => c.labels.some((l) => own.some((o) => containsRun(o, l)))).flatMap((c) => c.members.map((m) => canonicalWords(m, true)));
  return [...own, ...fromLexicon].filter((p) => p.length > 0);
}

/**
 * The words that set a label apart from the others, when some are shared: "West coast" among the coasts
 * is named by "west", "This was my first visit" by "first visit".
 */
function distinctive(option: SpokenOption, options: SpokenOption[]): string[][] {
  const others = new Set(options.filter((o) => o !== option).flatMap((o) => canonicalWords(o.label)));
  const words = contentWords(option.label).map(canonicalWord);
  const own = words.filter((w) => !others.has(w));
  return own.length && own.length < words.length ? [own] : [];
}

export interface Span {
  option: SpokenOption;
  start: number;
  end: number;
}

/**
 * Where options are named in the heard words. A span inside a longer span of another option does not
 * count ("extremely likely" names only "Extremely likely", not also "Likely").
 */
export function namedSpans(options: SpokenOption[], heard: string[]): Span[] {
  const spans: Span[] = [];
  for (const option of options) {
    for (const phrase of [...optionPhrases(option), ...distinctive(option, options)]) {
      for (let i = 0; i + phrase.length <= heard.length; i++) {
        if (phrase.every((w, j) => heard[i + j] === w)) spans.push({ option, start: i, end: i + phrase.length });
      }
    }
  }
  return spans.filter((s) => !spans.some((o) => o.option !== s.option && o.start <= s.start && o.end >= s.end && o.end - o.start > s.end - s.start));
}

const negators = new Set(['not', 'no', 'never', 'except', 'but', 'without', 'besides', 'nor']);

/** "not the radio", "except the fish": the option was ruled out, not chosen. */
export function ruledOut(heard: string[], span: Span): boolean {
  const before = heard.slice(Math.max(0, span.start - 2), span.start);
  return before.some((w) => negators.has(w));
}
