import { z } from 'zod';
import { cancelRequestSchema, controlResponseSchema, retryResponseSchema, campaignListQuerySchema, campaignStatusSchema, campaignSummarySchema, contactCallSchema, launchRequestSchema, launchResponseSchema, phoneNumberSchema, provisionResponseSchema } from '../campaigns/campaign-schemas.ts';
import { contactSchema, contactsUploadSchema, contactInputSchema, importQuerySchema, importResultSchema } from '../contacts/contact-schemas.ts';
import { surveyCreateSchema, surveyPatchSchema, surveySchema } from '../surveys/survey-schemas.ts';
import { errorBodySchema } from './errors.ts';
import { cursorPageOf, cursorQuerySchema, pageOf, pageQuerySchema } from './pagination.ts';
import { devLoginSchema, sessionSchema } from './routes/auth.ts';
import { responsesQuerySchema } from './routes/responses.ts';

interface Operation {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  auth?: boolean;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** extra request media types (CSV uploads) */
  bodyAlternatives?: Record<string, object>;
  responses: Record<number, { description: string; schema?: z.ZodType; mediaType?: string }>;
}

const responseItem = z.object({
  contact_id: z.uuid(),
  participant_name: z.string().nullable(),
  phone_number: z.string(),
  campaign_id: z.uuid(),
  call_id: z.uuid(),
  outcome: z.string().nullable(),
  answered_at: z.iso.datetime(),
  answers: z.record(
    z.string(),
    z.object({ raw_answer: z.string().nullable(), mapped_value: z.unknown(), confidence: z.number().nullable(), method: z.string().nullable() }),
  ),
});

const ok = (schema: z.ZodType, description = 'OK') => ({ description, schema });
const surveyIdPath = '/surveys/{surveyId}';

/** Every route, with the same zod schemas the handlers validate with. */
const operations: Operation[] = [
  { method: 'get', path: '/healthz', tag: 'health', summary: 'Liveness', responses: { 200: ok(z.object({ status: z.literal('ok') })) } },
  { method: 'get', path: '/readyz', tag: 'health', summary: 'Readiness: Postgres and Temporal reachable', responses: { 200: { description: 'ready' }, 503: { description: 'a dependency is down' } } },
  { method: 'get', path: '/auth/{provider}/login', tag: 'auth', summary: 'Start Google or Microsoft sign-in (302 to the provider)', responses: { 302: { description: 'redirect' }, 404: { description: 'provider not configured' } } },
  { method: 'get', path: '/auth/{provider}/callback', tag: 'auth', summary: 'Finish sign-in: sets the session cookie and redirects to the frontend', responses: { 302: { description: 'redirect to FRONTEND_URL' }, 400: { description: 'bad state or code' }, 401: { description: 'ID token rejected' } } },
  { method: 'post', path: '/auth/dev/login', tag: 'auth', summary: 'Dev sign-in by email (only with DEV_LOGIN=true, never in production)', body: devLoginSchema, responses: { 200: ok(sessionSchema) } },
  { method: 'get', path: '/auth/session', tag: 'auth', auth: true, summary: 'Who is signed in; exchanges the cookie for a bearer token', responses: { 200: ok(sessionSchema) } },
  { method: 'post', path: '/auth/logout', tag: 'auth', summary: 'Clear the session cookie', responses: { 204: { description: 'signed out' } } },

  { method: 'post', path: '/surveys', tag: 'surveys', auth: true, summary: 'Create a survey', body: surveyCreateSchema, responses: { 201: ok(surveySchema, 'created') } },
  { method: 'get', path: '/surveys', tag: 'surveys', auth: true, summary: "The caller's surveys", query: pageQuerySchema, responses: { 200: ok(pageOf(surveySchema)) } },
  { method: 'get', path: surveyIdPath, tag: 'surveys', auth: true, summary: 'One survey', responses: { 200: ok(surveySchema) } },
  { method: 'patch', path: surveyIdPath, tag: 'surveys', auth: true, summary: 'Change a survey (questions are locked while a campaign runs)', body: surveyPatchSchema, responses: { 200: ok(surveySchema), 409: { description: 'campaign running' } } },
  { method: 'delete', path: surveyIdPath, tag: 'surveys', auth: true, summary: 'Delete a survey with its contacts and results', responses: { 204: { description: 'deleted' }, 409: { description: 'campaign running' } } },
  {
    method: 'post', path: `${surveyIdPath}/contacts`, tag: 'contacts', auth: true,
    summary: 'Add contacts: JSON, a text/csv body, or a multipart "file"; bad rows are reported by line',
    query: importQuerySchema, body: contactsUploadSchema.extend({ contacts: z.array(contactInputSchema) }),
    bodyAlternatives: {
      'text/csv': { schema: { type: 'string', description: 'header row with a phone column; other columns become variables' } },
      'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } },
    },
    responses: { 201: ok(importResultSchema, 'some rows imported'), 200: ok(importResultSchema, 'nothing new'), 413: { description: 'too large' }, 415: { description: 'unsupported media type' } },
  },
  { method: 'get', path: `${surveyIdPath}/contacts`, tag: 'contacts', auth: true, summary: 'Contacts in upload order', query: cursorQuerySchema, responses: { 200: ok(cursorPageOf(contactSchema)) } },
  {
    method: 'get', path: `${surveyIdPath}/responses`, tag: 'results', auth: true,
    summary: 'Answers per contact and question (raw, mapped, confidence); ?format=csv for a spreadsheet', query: responsesQuerySchema,
    responses: { 200: ok(cursorPageOf(responseItem).extend({ survey_id: z.uuid(), questions: z.array(z.object({ id: z.string(), text: z.string(), type: z.string() })) })) },
  },

  { method: 'post', path: '/campaigns/launch', tag: 'campaigns', auth: true, summary: 'Launch a campaign; answers once the calling number is known', body: launchRequestSchema, responses: { 200: ok(launchResponseSchema), 400: { description: 'no contacts' }, 409: { description: 'already running: details.campaign_id names it' }, 502: { description: 'provisioning failed' } } },
  { method: 'get', path: '/campaigns', tag: 'campaigns', auth: true, summary: "The caller's campaigns, newest first", query: campaignListQuerySchema, responses: { 200: ok(pageOf(campaignSummarySchema)) } },
  { method: 'get', path: '/campaigns/phone-number', tag: 'numbers', auth: true, summary: "The caller's calling number", responses: { 200: ok(phoneNumberSchema) } },
  { method: 'post', path: '/campaigns/provision-number', tag: 'numbers', auth: true, summary: 'Provision the calling number and SIP trunk now', responses: { 200: ok(provisionResponseSchema) } },
  { method: 'post', path: '/campaigns/release-number', tag: 'numbers', auth: true, summary: 'Release the calling number and retire its SIP trunk (409 while a campaign runs)', responses: { 200: { description: 'released, or there was none' }, 409: { description: 'campaign running' } } },
  { method: 'post', path: '/twilio/voice', tag: 'webhooks', summary: "Twilio voice webhook of the users' numbers: TwiML with an opt-out (X-Twilio-Signature required)", responses: { 200: { description: 'TwiML', mediaType: 'text/xml' }, 403: { description: 'bad signature' } } },
  { method: 'post', path: '/twilio/voice/opt-out', tag: 'webhooks', summary: 'Gather result: 9 or "stop" puts the caller on the do-not-call list', responses: { 200: { description: 'TwiML' }, 403: { description: 'bad signature' } } },
  { method: 'get', path: '/campaigns/{id}', tag: 'campaigns', auth: true, summary: 'One campaign (id: campaign id or survey id → latest campaign)', responses: { 200: ok(campaignSummarySchema) } },
  { method: 'get', path: '/campaigns/{id}/status', tag: 'campaigns', auth: true, summary: 'Live status from the workflow query (id: campaign or survey id)', responses: { 200: ok(campaignStatusSchema) } },
  { method: 'get', path: '/campaigns/{id}/calls', tag: 'campaigns', auth: true, summary: "Each contact's attempts, latest outcome and next attempt", query: cursorQuerySchema, responses: { 200: ok(cursorPageOf(contactCallSchema).extend({ campaign_id: z.uuid() })) } },
  { method: 'post', path: '/campaigns/{id}/pause', tag: 'campaigns', auth: true, summary: 'Pause: no new dials; calls in progress finish; waiting contacts keep their times', responses: { 200: ok(controlResponseSchema), 409: { description: 'illegal in the current state: details name it' } } },
  { method: 'post', path: '/campaigns/{id}/resume', tag: 'campaigns', auth: true, summary: 'Resume a paused campaign', responses: { 200: ok(controlResponseSchema), 409: { description: 'illegal in the current state: details name it' } } },
  { method: 'post', path: '/campaigns/{id}/cancel', tag: 'campaigns', auth: true, summary: 'Cancel: no new dials; contacts not reached are recorded as cancelled; optionally hang up calls in progress', body: cancelRequestSchema, responses: { 200: ok(controlResponseSchema), 409: { description: 'illegal in the current state: details name it' } } },
  { method: 'post', path: '/campaigns/{id}/retry', tag: 'campaigns', auth: true, summary: 'Retry from history: a new campaign calling only the contacts this one left retryable (idempotent)', responses: { 201: ok(retryResponseSchema), 200: ok(retryResponseSchema), 409: { description: 'still running, or the survey has another live campaign' } } },
];

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });

/** OpenAPI 3.1 (whose schemas are JSON Schema 2020-12, which zod emits natively). */
export function buildOpenApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const parameters = [
      ...[...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } })),
      ...Object.entries(op.query?.shape ?? {}).map(([name, schema]) => ({
        name,
        in: 'query',
        required: !(schema as z.ZodType).safeParse(undefined).success,
        schema: jsonSchema(schema as z.ZodType, 'input'),
      })),
    ];
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      responses[status] = r.schema ? { description: r.description, content: { 'application/json': { schema: jsonSchema(r.schema, 'output') } } } : { description: r.description };
    }
    responses.default = { description: 'error', content: { 'application/json': { schema: jsonSchema(errorBodySchema, 'output') } } };
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      tags: [op.tag],
      ...(op.auth ? { security: [{ bearer: [] }, { cookie: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') }, ...op.bodyAlternatives } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Survey Dialer API', version: '0.1.0', description: 'Errors are always `{"error": {"code", "message", "details"}}`.' },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'sd_session' },
      },
    },
    paths,
  };
}
