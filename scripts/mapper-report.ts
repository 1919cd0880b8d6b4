// `npm run bench:mapper`: the deterministic mapper on the labelled answer set (test/fixtures).
import { CONFIDENT, mapAnswer } from '../src/answers/map-answer.ts';
import { labelledAnswers, REFERENCE_DATE, UNCLEAR } from '../test/fixtures/labelled-answers.ts';

const rows = new Map<string, { total: number; clear: number; exact: number; flagged: number; wrong: number }>();
for (const { question, utterance, expected } of labelledAnswers) {
  const got = mapAnswer(question, utterance, REFERENCE_DATE);
  const row = rows.get(question.type) ?? { total: 0, clear: 0, exact: 0, flagged: 0, wrong: 0 };
  const confident = got.status === 'mapped' && got.confidence >= CONFIDENT;
  row.total++;
  if (expected !== UNCLEAR) row.clear++;
  if (!confident) row.flagged++;
  else if (expected !== UNCLEAR && JSON.stringify(got.value) === JSON.stringify(expected)) row.exact++;
  else row.wrong++;
  rows.set(question.type, row);
}
const all = [...rows.values()].reduce((a, r) => ({
  total: a.total + r.total, clear: a.clear + r.clear, exact: a.exact + r.exact, flagged: a.flagged + r.flagged, wrong: a.wrong + r.wrong,
}));
const pct = (n: number, d: number) => `${((n / d) * 100).toFixed(1)}%`;
console.table(
  Object.fromEntries(
    [...rows.entries(), ['all', all] as const].map(([type, r]) => [
      type,
      { answers: r.total, 'clear answers': r.clear, 'exact (of clear)': `${r.exact} (${pct(r.exact, r.clear)})`, 'flagged unclear': r.flagged, 'wrong & confident': r.wrong },
    ]),
  ),
);
