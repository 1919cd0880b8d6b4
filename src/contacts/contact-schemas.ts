import { z } from 'zod';

/** Columns of a CSV upload, and fields of a JSON contact (known fields + variables): wider is a mistake or an attack. */
export const MAX_CONTACT_COLUMNS = 100;
/** Characters of one CSV record: 100 columns of a few hundred characters fit. */
export const MAX_CSV_RECORD_CHARS = 64 * 1024;

const scalar = z.union([z.string().max(2_000), z.number(), z.boolean(), z.null()]);

/** One contact as the JSON upload sends it; unknown fields become per-contact variables. */
export const contactInputSchema = z
  .object({
    participant_name: z.string().trim().max(200).nullable().optional(),
    phone_number: z.union([z.string().trim().min(1).max(40), z.number()]),
    time_zone: z.string().trim().max(64).nullable().optional(),
    variables: z
      .record(z.string().max(100), scalar)
      .refine((v) => Object.keys(v).length <= MAX_CONTACT_COLUMNS, `at most ${MAX_CONTACT_COLUMNS} variables`)
      .optional(),
  })
  .catchall(scalar)
  .refine((c) => Object.keys(c).length <= MAX_CONTACT_COLUMNS, `at most ${MAX_CONTACT_COLUMNS} fields`);

export const contactsUploadSchema = z.object({
  contacts: z.array(z.unknown()).min(1).max(200_000),
});

export const importQuerySchema = z.object({
  strict: z.stringbool().default(false),
  default_country: z.string().regex(/^[A-Za-z]{2}$/).transform((s) => s.toUpperCase()).optional(),
});

export const contactSchema = z.object({
  id: z.uuid(),
  participant_name: z.string().nullable(),
  phone_number: z.string(),
  time_zone: z.string().nullable(),
  variables: z.record(z.string(), z.unknown()),
  created_at: z.iso.datetime(),
});

export const rowProblemSchema = z.object({
  line: z.number().describe('CSV line, or 1-based position in the JSON array'),
  reason: z.string(),
  value: z.string().optional(),
});

export const importResultSchema = z.object({
  total_rows: z.number(),
  imported: z.number(),
  already_present: z.number().describe('numbers the survey already had'),
  duplicates: z.number().describe('rows repeating a number earlier in the same upload'),
  rejected: z.number(),
  errors: z.array(rowProblemSchema),
  errors_truncated: z.boolean(),
});

export type ContactInput = z.infer<typeof contactInputSchema>;
export type RowProblem = z.infer<typeof rowProblemSchema>;
export type ImportResult = z.infer<typeof importResultSchema>;
export type Contact = z.infer<typeof contactSchema>;
