import { z } from 'zod';

export const questionTypes = [
  'multiple_choice',
  'checkboxes',
  'dropdown',
  'linear_scale',
  'yes_no',
  'number',
  'short_text',
  'paragraph',
  'date',
  'time',
] as const;

export const questionOptionSchema = z.object({
  /** Stable id of the option; mapped answers store it. */
  id: z.string().min(1).max(200),
  label: z.string().min(1).max(500),
  /**
   * Other words people use for this option ("Insta" for "Instagram", "my GP" for "Doctor"), set by the
   * survey owner; the answer mappers count them as naming it. Google Form imports leave them unset.
   */
  aliases: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
});

/** One question as the agent asks it and as answers are mapped to it. */
export const questionSchema = z
  .object({
    id: z.string().min(1).max(200).regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, _ . : - only'),
    text: z.string().min(1).max(2_000),
    type: z.enum(questionTypes),
    required: z.boolean().default(false),
    options: z.array(questionOptionSchema).max(100).optional(),
    /** linear_scale bounds and end labels */
    scale: z
      .object({
        min: z.number().int().min(0).max(1),
        max: z.number().int().min(2).max(10),
        min_label: z.string().max(200).optional(),
        max_label: z.string().max(200).optional(),
      })
      .optional(),
    /** The Google Form's entry id, so mapped answers can be submitted back to the form. */
    google_entry_id: z.string().max(50).optional(),
  })
  .superRefine((q, ctx) => {
    const needsOptions = q.type === 'multiple_choice' || q.type === 'checkboxes' || q.type === 'dropdown';
    if (needsOptions && (!q.options || q.options.length < 2)) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: `${q.type} needs at least two options` });
    }
    if (q.options && new Set(q.options.map((o) => o.id)).size !== q.options.length) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'option ids must be unique' });
    }
    if (q.type === 'linear_scale' && !q.scale) {
      ctx.addIssue({ code: 'custom', path: ['scale'], message: 'linear_scale needs scale {min, max}' });
    }
  });

export const questionnaireSchema = z
  .array(questionSchema)
  .min(1)
  .max(200)
  .superRefine((qs, ctx) => {
    const seen = new Set<string>();
    qs.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate question id "${q.id}"` });
      seen.add(q.id);
    });
  });

export type Question = z.infer<typeof questionSchema>;
export type Questionnaire = z.infer<typeof questionnaireSchema>;
