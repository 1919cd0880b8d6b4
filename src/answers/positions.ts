import { extractNumbers, extractOrdinals, normalize } from './normalize.ts';

/**
 * List positions (0-based) a spoken answer points at among `count` options: "the fourth", "choice two",
 * "the middle option", "the last two", "the second to last", "the first and the third". Returns
 * `undefined` when a position word is there but does not resolve (a middle of an even list, out of range).
 */
export function spokenPositions(utterance: string, count: number): number[] | undefined {
  let text = normalize(utterance);
  const found: number[] = [];
  const inRange = (i: number) => i >= 0 && i < count;
  let unresolved = false;

  const take = (re: RegExp, positionsOf: (m: RegExpExecArray) => number[] | undefined) => {
    text = text.replace(re, (...args) => {
      const m = args.slice(0, -2) as unknown as RegExpExecArray;
      const ps = positionsOf(m);
      if (!ps || !ps.every(inRange)) unresolved = true;
      else found.push(...ps);
      return ' ';
    });
  };
  const cardinal = (word: string) => extractNumbers(word)[0];
  const ordinal = (word: string) => extractOrdinals(`the ${word}`)[0];

  // "the last two", "the first three"
  take(/\b(first|last|top|bottom) (two|three|four|five|2|3|4|5)\b(?! (of|to|from))/g, (m) => {
    const n = cardinal(m[2]!)!;
    const from = m[1] === 'first' || m[1] === 'top' ? 0 : count - n;
    return Array.from({ length: n }, (_, i) => from + i);
  });
  // "the second to last", "second from last"
  take(/\b(second|third|fourth|2nd|3rd|4th) (to|from) (the )?last\b/g, (m) => [count - ordinal(m[1]!)!]);
  // "choice two", "option number three", "number five", "answer 2"
  take(/\b(choice|option|answer|number)( number)? (one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\b/g, (m) => [cardinal(m[3]!)! - 1]);
  // "the middle one": only an odd list has one
  take(/\b(the )?middle( one| option| choice| answer)?\b/g, () => (count % 2 === 1 ? [(count - 1) / 2] : undefined));
  for (const n of extractOrdinals(text)) {
    const i = n === -1 ? count - 1 : n - 1;
    if (inRange(i)) found.push(i);
    else unresolved = true;
  }
  if (unresolved) return undefined;
  return [...new Set(found)];
}
