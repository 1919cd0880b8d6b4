import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { logger } from '../../observability/logger.ts';
import { ApiError } from '../errors.ts';
import { FixedWindowBudget } from '../web/report-budget.ts';

/** A violation report is a few hundred bytes; anything much larger is not one. */
export const CSP_REPORT_MAX_BYTES = 16 * 1024;
const MAX_FIELD = 300;

const text = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).slice(0, MAX_FIELD))
  .optional();

/** `report-uri` body (`application/csp-report`). */
const legacyReport = z.object({
  'csp-report': z.object({
    'document-uri': text,
    'violated-directive': text,
    'effective-directive': text,
    'blocked-uri': text,
    'source-file': text,
    'line-number': text,
  }),
});

/** Reporting API body (`application/reports+json`): a list of reports, CSP ones typed `csp-violation`. */
const reportingApiReports = z
  .array(
    z.object({
      type: z.string(),
      body: z
        .object({
          documentURL: text,
          effectiveDirective: text,
          blockedURL: text,
          sourceFile: text,
          lineNumber: text,
        })
        .optional(),
    }),
  )
  .max(100);

export interface Violation {
  document?: string | undefined;
  directive?: string | undefined;
  blocked?: string | undefined;
  source?: string | undefined;
  line?: string | undefined;
}

function violationsOf(json: unknown): Violation[] | null {
  const legacy = legacyReport.safeParse(json);
  if (legacy.success) {
    const r = legacy.data['csp-report'];
    return [
      {
        document: r['document-uri'],
        directive: r['effective-directive'] ?? r['violated-directive'],
        blocked: r['blocked-uri'],
        source: r['source-file'],
        line: r['line-number'],
      },
    ];
  }
  const modern = reportingApiReports.safeParse(json);
  if (!modern.success) return null;
  return modern.data
    .filter((r) => r.type === 'csp-violation' && r.body)
    .map(({ body: b }) => ({ document: b?.documentURL, directive: b?.effectiveDirective, blocked: b?.blockedURL, source: b?.sourceFile, line: b?.lineNumber }));
}

export interface CspReportOptions {
  /** Where violations go; a line per violation. */
  log?: (message: string) => void;
  /** Reports accepted per minute before 429 (the budget protects the log, not the browser). */
  perMinute?: number;
}

/**
 * `POST /csp-reports`: browsers report Content-Security-Policy violations here. Public (browsers send
 * no credentials with reports), so it is small: bounded body, a global rate budget, junk is a 400.
 */
export function cspReportRoutes(options: CspReportOptions = {}) {
  const log = options.log ?? ((message: string) => logger.warn(message));
  const budget = new FixedWindowBudget(options.perMinute ?? 60, 60_000);
  const app = new Hono();

  app.post(
    '/',
    bodyLimit({
      maxSize: CSP_REPORT_MAX_BYTES,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `a CSP report is at most ${CSP_REPORT_MAX_BYTES} bytes`);
      },
    }),
    async (c) => {
      if (!budget.take()) throw new ApiError(429, 'rate_limited', 'too many CSP reports; try again in a minute');
      let json: unknown;
      try {
        json = JSON.parse(await c.req.text());
      } catch {
        throw new ApiError(400, 'invalid_report', 'a CSP report is a JSON body');
      }
      const violations = violationsOf(json);
      if (!violations) throw new ApiError(400, 'invalid_report', 'not a CSP violation report');
      if (budget.dropped > 0) {
        log(`csp-violation: ${budget.dropped} reports dropped by the rate budget`);
        budget.dropped = 0;
      }
      for (const v of violations) log(`csp-violation ${JSON.stringify(v)}`);
      return c.body(null, 204);
    },
  );
  return app;
}
