import { extractNumbers, normalize } from './normalize.ts';

const dayParts: [RegExp, 'am' | 'pm' | 'night'][] = [
  [/\b(in the morning|this morning|am|a m)\b/, 'am'],
  [/\b(in the afternoon|this afternoon|in the evening|this evening|pm|p m)\b/, 'pm'],
  [/\b(at night|tonight|in the night)\b/, 'night'],
];
const minutesPast: Record<string, number> = { half: 30, quarter: 15 };

/**
 * A clock time said with a part of the day: "half past seven at night" → 19:30, "ten to five in the
 * afternoon" → 16:50, "around eight in the morning" → 08:00. `undefined` when there is no part of the day
 * or not exactly one hour (chrono handles the rest).
 */
export function spokenTime(utterance: string): string | undefined {
  const text = normalize(utterance);
  const parts = dayParts.filter(([re]) => re.test(text));
  if (parts.length !== 1) return undefined;
  const part = parts[0]![1];
  const clock = /\b(\d{1,2}):(\d{2})\b/.exec(text);
  if (clock) {
    const [hh, mm] = [Number(clock[1]), Number(clock[2])];
    if (hh < 1 || hh > 12 || mm > 59) return undefined;
    const h24 = (hh % 12) + (part === 'pm' || (part === 'night' && hh >= 6 && hh !== 12) ? 12 : 0);
    return `${String(h24).padStart(2, '0')}:${clock[2]}`;
  }
  const m = /\b(?:(half|quarter|[a-z]+(?: [a-z]+)?|\d{1,2}) (past|to|after) )?([a-z]+|\d{1,2})(?: oclock)?(?: (?:in the|at|this|am|pm|a m|p m|tonight)\b)/.exec(text);
  if (!m) return undefined;
  const hour = extractNumbers(m[3]!);
  if (hour.length !== 1 || !Number.isInteger(hour[0]) || hour[0]! < 1 || hour[0]! > 12) return undefined;
  let minutes = 0;
  if (m[1]) {
    const said = m[1] in minutesPast ? [minutesPast[m[1]]!] : extractNumbers(m[1]);
    if (said.length !== 1 || said[0]! <= 0 || said[0]! >= 60) return undefined;
    minutes = m[2] === 'to' ? 60 - said[0]! : said[0]!;
  }
  let h = hour[0]! % 12;
  if (m[2] === 'to') h = (h + 11) % 12;
  // "at night" is evening up to eleven, small hours after midnight ("two at night")
  if (part === 'pm' || (part === 'night' && hour[0]! >= 6 && hour[0]! !== 12)) h += 12;
  return `${String(h).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
