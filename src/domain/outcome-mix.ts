import { z } from 'zod';
import { respondentKinds, type RespondentKind } from '../conversation/respondents.ts';
import { callOutcomes, type CallOutcome } from './call-outcome.ts';

/** Relative weights of simulated call outcomes. */
export type OutcomeMix = Partial<Record<CallOutcome, number>>;
/** Relative weights of the scripted people who answer and take part. */
export type RespondentMix = Partial<Record<RespondentKind, number>>;

/** Parses "a=70,b=10" into weights over `names`; unknown names and negative weights are rejected. */
function weightsSchema<N extends string>(names: readonly N[]) {
  return z.string().transform((text, ctx): Partial<Record<N, number>> => {
    const weights: Partial<Record<N, number>> = {};
    for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
      const [name, weight] = part.split('=').map((s) => s.trim());
      const value = Number(weight);
      if (!names.includes(name as N) || !Number.isFinite(value) || value < 0) {
        ctx.addIssue({ code: 'custom', message: `bad weight "${part}" (names: ${names.join(', ')})` });
        return z.NEVER;
      }
      weights[name as N] = value;
    }
    if (Object.values<number | undefined>(weights).reduce((a: number, b) => a + (b ?? 0), 0) <= 0) {
      ctx.addIssue({ code: 'custom', message: 'weights must add up to more than 0' });
      return z.NEVER;
    }
    return weights;
  });
}

export const outcomeMixSchema = weightsSchema(callOutcomes);
export const respondentMixSchema = weightsSchema(respondentKinds);
