import type { MiddlewareHandler } from 'hono';

/** Where browsers send Content-Security-Policy violation reports (see routes/csp-reports.ts). */
export const CSP_REPORT_PATH = '/csp-reports';
/** The Reporting API group name the policy's `report-to` names. */
export const CSP_REPORT_GROUP = 'csp';

/**
 * The policy of every HTML page the service serves (API docs and web app). Only the service's own
 * scripts and styles run: the session cookie's origin never executes code from elsewhere.
 * `img-src data:` because Swagger UI's stylesheet draws its icons as data: URLs (images cannot run code).
 * `formActionHosts` are the identity providers' sign-in origins, which a sign-in form may post to.
 */
export function contentSecurityPolicy(formActionHosts: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    ['form-action', "'self'", ...formActionHosts].join(' '),
    `report-uri ${CSP_REPORT_PATH}`,
    `report-to ${CSP_REPORT_GROUP}`,
  ].join('; ');
}

/** Origins of the configured sign-in providers' issuers (where their authorization pages live). */
export function signInOrigins(issuers: readonly (string | null | undefined)[]): string[] {
  const origins = new Set<string>();
  for (const issuer of issuers) {
    if (!issuer) continue;
    try {
      origins.add(new URL(issuer).origin);
    } catch {
      // a non-URL issuer (never from config, which validates URLs) adds nothing
    }
  }
  return [...origins];
}

const isHtml = (contentType: string | null) => !!contentType && /^text\/html\b/i.test(contentType);

/**
 * Adds the policy to HTML responses only: the JSON API keeps exactly the headers it had.
 * Runs after the handler so it covers every HTML route, present and future, without listing them.
 */
export function htmlContentSecurityPolicy(policy: string): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!isHtml(c.res.headers.get('content-type'))) return;
    c.res.headers.set('Content-Security-Policy', policy);
    c.res.headers.set('Reporting-Endpoints', `${CSP_REPORT_GROUP}="${CSP_REPORT_PATH}"`);
  };
}
