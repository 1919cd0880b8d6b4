import { describe, expect, it } from 'vitest';
import { heldOutAnswers } from '../fixtures/labelled-answers-held-out.ts';
import { labelledAnswers } from '../fixtures/labelled-answers.ts';
import { answerClasses } from '../fixtures/labelled-kinds.ts';
import { describeScored, exactShare, score } from '../fixtures/score-answers.ts';

const sets = [
  // floors sit a little under today's figures: the misses are left to the LLM mapper
  { name: 'tuning set', answers: labelledAnswers, floor: 0.97 },
  { name: 'held-out set', answers: heldOutAnswers, floor: 0.9 },
];

describe('deterministic answer mapper on the labelled sets', () => {
  it('covers every question type and every class of speech in 600+ labelled answers', () => {
    const all = [...labelledAnswers, ...heldOutAnswers];
    expect(all.length).toBeGreaterThanOrEqual(600);
    for (const { answers } of sets) {
      expect(new Set(answers.map((c) => c.question.type)).size).toBe(10);
      expect(new Set(answers.map((c) => c.kind))).toEqual(new Set(answerClasses));
    }
  });

  for (const { name, answers, floor } of sets) {
    const scored = score(answers);
    it(`never gives a wrong confident answer on the ${name}: it says unclear instead`, () => {
      expect(scored.filter((r) => r.outcome === 'wrong').map(describeScored)).toEqual([]);
    });
    it(`maps at least ${floor * 100}% of the clear answers of the ${name} exactly`, () => {
      expect(exactShare(scored)).toBeGreaterThanOrEqual(floor);
    });
  }
});
