/** Lower case, no punctuation except digits' separators, single spaces. */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9.:\s-]/g, ' ')
    .replace(/(?<!\d)[.:-]|[.:-](?!\d)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const units: Record<string, number> = {
  zero: 0, oh: 0, none: 0, one: 1, a: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, dozen: 12,
};
const tens: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };

const scales: Record<string, number> = { hundred: 100, thousand: 1_000, million: 1_000_000 };
const isNumberWord = (w: string) => w in units || w in tens || w in scales;

/**
 * Numbers spoken or written in an utterance, in order: "twenty five" → 25, "3.5" → 3.5, "a hundred" → 100,
 * "two hundred and five" → 205, "two thousand and five hundred" → 2500. "a" and "none" count only next to
 * a number word ("a dozen") or alone, so "a friend" has no number; "and" joins number words only.
 */
export function extractNumbers(text: string): number[] {
  const words = normalize(text).split(' ');
  const found: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (/^-?\d+(\.\d+)?$/.test(word)) {
      found.push(Number(word));
      continue;
    }
    if (word === 'none') {
      if (words.length <= 3) found.push(0);
      continue;
    }
    const startsNumber = word === 'a' ? words[i + 1] === 'dozen' || words[i + 1] === 'hundred' || words[i + 1] === 'thousand' : word !== 'oh' && isNumberWord(word);
    if (!startsNumber) continue;
    // one number phrase: [a] unit/tens, scales, "and" between number words
    let total = 0;
    let current = 0;
    let j = i;
    let lastWasUnit = false;
    for (; j < words.length; j++) {
      const w = words[j]!;
      if (w === 'a' && j === i) { current = 1; continue; }
      if (w === 'and' && j > i && isNumberWord(words[j + 1] ?? '') && !(words[j + 1]! in scales)) continue;
      if (w === 'dozen') { current = (current || 1) * 12; lastWasUnit = true; continue; }
      if (w in tens && !lastWasUnit && current % 100 === 0) { current += tens[w]!; lastWasUnit = false; continue; }
      if (w in units && w !== 'a' && w !== 'oh' && w !== 'none' && !lastWasUnit && (current % 10 === 0) && !(units[w]! >= 10 && current % 100 !== 0)) {
        current += units[w]!;
        lastWasUnit = true;
        continue;
      }
      if (w in scales && (current > 0 || j === i)) {
        const scale = scales[w]!;
        if (scale === 100) current = (current || 1) * 100;
        else { total += (current || 1) * scale; current = 0; }
        lastWasUnit = false;
        continue;
      }
      break;
    }
    found.push(total + current);
    i = j - 1;
  }
  return found;
}

const ordinals: Record<string, number> = {
  first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, '5th': 5,
  sixth: 6, '6th': 6, seventh: 7, '7th': 7, eighth: 8, '8th': 8, ninth: 9, '9th': 9, tenth: 10, '10th': 10,
};

const ordinalFollowers = new Set(['one', 'ones', 'option', 'choice', 'answer', 'and', 'or']);

/**
 * "the second one" → [2], "the first and the third" → [1, 3], "the last one" → [-1]. An ordinal counts
 * only where it points at a list position ("the …", "… one/option", alone), so "my first visit" is not [1].
 */
export function extractOrdinals(text: string): number[] {
  const words = normalize(text).split(' ');
  const found: number[] = [];
  words.forEach((w, i) => {
    const value = w in ordinals ? ordinals[w]! : w === 'last' ? -1 : undefined;
    if (value === undefined) return;
    const next = words[i + 1];
    const pointing = words[i - 1] === 'the' || next === undefined || ordinalFollowers.has(next) || words.length === 1;
    if (pointing) found.push(value);
  });
  return found;
}

const stopwords = new Set(['a', 'an', 'the', 'of', 'to', 'i', 'id', 'im', 'it', 'its', 'is', 'and', 'or', 'in', 'on', 'at', 'for', 'my', 'me', 'we', 'say', 'would', 'guess', 'think', 'maybe', 'probably', 'about', 'um', 'uh', 'well', 'so', 'like', 'just', 'that', 'this', 'one', 'yeah', 'oh']);

export function contentWords(text: string): string[] {
  return normalize(text).split(' ').filter((w) => w && !stopwords.has(w));
}
