import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP_REPORT_MAX_BYTES } from '../../src/api/routes/csp-reports.ts';
import { DOCS_ASSETS_PATH, IMMUTABLE } from '../../src/api/routes/docs.ts';
import { createApiHarness, FRONTEND, type ApiHarness } from '../helpers/api-harness.ts';
import { uniqueEmail } from '../helpers/harness.ts';
import { captureLogs } from '../helpers/capture-logs.ts';
import { fill, htmlRoutes } from '../browser/html-routes.ts';

/** The policy the issue asks for, written out here so a change to it is a visible test change. */
const EXPECTED_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self' https://accounts.google.com https://login.microsoftonline.com; " +
  'report-uri /csp-reports; report-to csp';

/** The headers every JSON response had before HTML pages got a policy; the JSON API keeps exactly these. */
const JSON_HEADERS = [
  'content-type',
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

describe('security headers and CSP reports', () => {
  let api: ApiHarness;
  let token: string;
  beforeAll(async () => {
    api = await createApiHarness({
      env: { GOOGLE_CLIENT_ID: 'g', GOOGLE_CLIENT_SECRET: 'gs', MICROSOFT_CLIENT_ID: 'm', MICROSOFT_CLIENT_SECRET: 'ms' },
    });
    ({ token } = await api.signIn(uniqueEmail('headers')));
  });
  afterAll(() => api?.close());

  it('every HTML route carries the policy and names the report endpoint', async () => {
    const ids = { surveyId: '00000000-0000-4000-8000-000000000001', campaignId: '00000000-0000-4000-8000-000000000002' };
    for (const { path: template } of htmlRoutes) {
      const route = { path: fill(template, ids) };
      const response = await api.call('GET', route.path, { token });
      expect(response.status, route.path).toBe(200);
      expect(response.headers.get('content-type'), route.path).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy'), route.path).toBe(EXPECTED_POLICY);
      expect(response.headers.get('reporting-endpoints'), route.path).toBe('csp="/csp-reports"');
    }
  });

  it('JSON responses keep their headers: no policy on the API', async () => {
    const responses = [
      await api.call('GET', '/healthz'),
      await api.call('GET', '/openapi.json'),
      await api.call('GET', '/surveys', { token }),
      await api.call('GET', '/surveys'),
      await api.call('GET', '/no-such-route'),
    ];
    for (const response of responses) {
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect([...response.headers.keys()].filter((h) => !h.startsWith('access-control-') && h !== 'vary').sort()).toEqual(JSON_HEADERS);
    }
  });

  it('answers the frontend\'s cross-origin calls with CORS headers, other origins without, and varies every answer by Origin', async () => {
    const fromFrontend = await api.call('GET', '/surveys', { token, headers: { origin: FRONTEND } });
    expect(fromFrontend.headers.get('access-control-allow-origin')).toBe(FRONTEND);
    expect(fromFrontend.headers.get('access-control-allow-credentials')).toBe('true');
    expect(fromFrontend.headers.get('vary')).toMatch(/\bOrigin\b/);
    const preflight = await api.call('OPTIONS', '/surveys', { headers: { origin: FRONTEND, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type');
    const elsewhere = await api.call('GET', '/surveys', { token, headers: { origin: 'https://elsewhere.example' } });
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    // no Origin: an API client or a same-origin page; a cache must not give this answer to a cross-origin caller
    const noOrigin = await api.call('GET', '/surveys', { token });
    expect(noOrigin.status).toBe(200);
    expect([...noOrigin.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(noOrigin.headers.get('vary')).toBe('Origin');
  });

  it('serves Swagger UI from the locked package with long cache headers, and a favicon', async () => {
    const bundle = await api.call('GET', `${DOCS_ASSETS_PATH}/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('cache-control')).toBe(IMMUTABLE);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect((await api.call('GET', `${DOCS_ASSETS_PATH}/swagger-ui.css`)).headers.get('cache-control')).toBe(IMMUTABLE);
    expect((await api.call('GET', `${DOCS_ASSETS_PATH}/package.json`)).status).toBe(404);
    expect((await api.call('GET', '/docs/assets/0.0.0/swagger-ui-bundle.js')).status).toBe(404);

    const page = await (await api.call('GET', '/docs')).text();
    expect(page).not.toMatch(/<script>|<script [^>]*>[^<]|https?:\/\//);
    expect(page).toContain('<script src="/docs/docs-init.js"></script>');
    expect((await api.call('GET', '/docs/docs-init.js')).headers.get('content-type')).toMatch(/javascript/);

    const icon = await api.call('GET', '/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    const ico = await api.call('GET', '/favicon.ico');
    expect(ico.status).toBe(301);
    expect(ico.headers.get('location')).toBe('/favicon.svg');
  });

  it('logs CSP violation reports in both formats, refuses junk with a 4xx, never a 500', async () => {
    const logs = captureLogs('warn');
    try {
      const legacy = await api.call('POST', '/csp-reports', {
        headers: { 'content-type': 'application/csp-report' },
        body: JSON.stringify({ 'csp-report': { 'document-uri': 'http://x/docs', 'violated-directive': 'script-src', 'blocked-uri': 'https://cdn.example/x.js', 'line-number': 3 } }),
      });
      expect(legacy.status).toBe(204);
      const modern = await api.call('POST', '/csp-reports', {
        headers: { 'content-type': 'application/reports+json' },
        body: JSON.stringify([{ type: 'csp-violation', age: 1, url: 'http://x/', body: { documentURL: 'http://x/', effectiveDirective: 'style-src-elem', blockedURL: 'inline' } }]),
      });
      expect(modern.status).toBe(204);
      const lines = logs.lines().map((l) => String(l.msg));
      expect(lines).toContainEqual(expect.stringMatching(/csp-violation .*script-src.*cdn\.example/));
      expect(lines).toContainEqual(expect.stringMatching(/csp-violation .*style-src-elem/));

      for (const junk of ['', 'not json', '{"csp-report": 5}', '[1,2]', 'null', '{"a":{"b":']) {
        const response = await api.call('POST', '/csp-reports', { headers: { 'content-type': 'application/csp-report' }, body: junk });
        expect(response.status, junk).toBe(400);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_report');
      }
      const huge = await api.call('POST', '/csp-reports', {
        headers: { 'content-type': 'application/csp-report' },
        body: JSON.stringify({ 'csp-report': { 'document-uri': 'x'.repeat(CSP_REPORT_MAX_BYTES) } }),
      });
      expect(huge.status).toBe(413);
    } finally {
      logs.restore();
    }
  });

  it('rate-limits reports with 429 once the budget is spent', async () => {
    const logs = captureLogs('warn');
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 70; i += 1) {
        const response = await api.call('POST', '/csp-reports', { body: JSON.stringify({ 'csp-report': { 'blocked-uri': `https://x/${i}` } }) });
        statuses.push(response.status);
      }
      expect(statuses).toContain(429);
      expect(statuses.filter((s) => s === 204).length).toBeLessThanOrEqual(60);
      expect(statuses.every((s) => s === 204 || s === 429)).toBe(true);
    } finally {
      logs.restore();
    }
  });
});
