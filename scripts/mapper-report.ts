import { heldOutAnswers } from '../test/fixtures/labelled-answers-held-out.ts';
import { labelledAnswers } from '../test/fixtures/labelled-answers.ts';
import { UNCLEAR } from '../test/fixtures/labelled-kinds.ts';
import { describeScored, type Scored, score } from '../test/fixtures/score-answers.ts';

/** Scores the deterministic mapper on the tuning and the held-out labelled sets, by question type and by class of speech. */
const pct = (n: number, d: number) => (d ? `${((n / d) * 100).toFixed(1)}%` : '—');

function table(scored: Scored[], key: (r: Scored) => string) {
  const groups = new Map<string, Scored[]>();
  for (const r of scored) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  groups.set('all', scored);
  return Object.fromEntries(
    [...groups.entries()].map(([name, rs]) => {
      const clear = rs.filter((r) => r.expected !== UNCLEAR);
      const exact = clear.filter((r) => r.outcome === 'exact').length;
      const unclear = rs.filter((r) => r.expected === UNCLEAR);
      return [name, {
        answers: rs.length, 'clear answers': clear.length, 'exact (of clear)': `${exact} (${pct(exact, clear.length)})`,
        'unclear flagged': `${unclear.filter((r) => r.outcome === 'flagged').length}/${unclear.length}`,
        'wrong & confident': rs.filter((r) => r.outcome === 'wrong').length,
      }];
    }),
  );
}

for (const [name, answers] of [['tuning set', labelledAnswers], ['held-out set', heldOutAnswers]] as const) {
  const scored = score(answers);
  console.log(`\n== ${name}: ${answers.length} answers ==`);
  const wrong = scored.filter((r) => r.outcome === 'wrong');
  console.log(wrong.length ? `WRONG AND CONFIDENT:\n  ${wrong.map(describeScored).join('\n  ')}` : 'wrong and confident: none');
  console.table(table(scored, (r) => r.question.type));
  console.table(table(scored, (r) => r.kind));
  const missed = scored.filter((r) => r.expected !== UNCLEAR && r.outcome === 'flagged');
  if (process.argv.includes('--misses') && name === 'tuning set') console.log(`missed (flagged but clear):\n  ${missed.map(describeScored).join('\n  ')}`);
}
