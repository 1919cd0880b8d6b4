import { z } from 'zod';
import { callOutcomes, type CallOutcome } from './call-outcome.ts';

/** Relative weights of simulated call outcomes. */
export type OutcomeMix = Partial<Record<CallOutcome, number>>;

/** Parses "completed=70,no_answer=10" into weights; unknown outcomes and negative weights are rejected. */
export const outcomeMixSchema = z
  .string()
  .transform((text, ctx): OutcomeMix => {
    const mix: OutcomeMix = {};
    for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
      const [name, weight] = part.split('=').map((s) => s.trim());
      const value = Number(weight);
      if (!callOutcomes.includes(name as CallOutcome) || !Number.isFinite(value) || value < 0) {
        ctx.addIssue({ code: 'custom', message: `bad outcome weight "${part}" (outcomes: ${callOutcomes.join(', ')})` });
        return z.NEVER;
      }
      mix[name as CallOutcome] = value;
    }
    if (Object.values(mix).reduce((a, b) => a + (b ?? 0), 0) <= 0) {
      ctx.addIssue({ code: 'custom', message: 'outcome weights must add up to more than 0' });
      return z.NEVER;
    }
    return mix;
  });
