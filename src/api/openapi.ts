import { z } from 'zod';
import { cancelRequestSchema, controlResponseSchema, retryResponseSchema, campaignListQuerySchema, campaignStatusSchema, campaignSummarySchema, contactCallSchema, launchRequestSchema, launchResponseSchema, phoneNumberSchema, provisionResponseSchema, releaseResponseSchema } from '../campaigns/campaign-schemas.ts';
import { contactSchema, contactsUploadSchema, contactInputSchema, importQuerySchema, importResultSchema } from '../contacts/contact-schemas.ts';
import { surveyCreatedSchema, surveyCreateSchema, surveyPatchSchema, surveySchema } from '../surveys/survey-schemas.ts';
import { analyticsQuerySchema } from './routes/analytics.ts';
import { apiKeyCreatedSchema, apiKeyCreateSchema, apiKeySchema } from '../api-keys/api-key-schemas.ts';
import { deliveriesQuerySchema, rotateSecretSchema, webhookDeliverySchema, webhookEndpointCreateSchema, webhookEndpointPatchSchema, webhookEndpointSchema, webhookEndpointWithSecretSchema } from '../webhooks/webhook-schemas.ts';
import { usageQuerySchema } from '../usage/usage-report.ts';
import { doNotCallAddSchema } from '../do-not-call/do-not-call-store.ts';
import { reviewAnswerSchema } from './routes/calls.ts';
import { callDetailSchema, reviewedAnswerSchema, unclearAnswerSchema } from '../calls/call-schemas.ts';
import { callRecordingSchema } from '../calls/call-recording.ts';
import { surveyAnalyticsSchema } from '../analytics/analytics-schema.ts';
import { phoneNumberHistorySchema } from '../campaigns/phone-number-history.ts';
import { doNotCallQuerySchema } from './routes/do-not-call.ts';
import { errorBodySchema } from './errors.ts';
import { cursorPageOf, cursorQuerySchema, pageOf, pageQuerySchema } from './pagination.ts';
import { devLoginSchema, sessionSchema } from './routes/auth.ts';
import { signInOptionsSchema } from './routes/sign-in-options.ts';
import { responsesQuerySchema, unclearAnswersQuerySchema } from './routes/responses.ts';

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
  { method: 'get', path: '/auth/providers', tag: 'auth', summary: 'Which sign-in methods are configured', responses: { 200: ok(signInOptionsSchema) } },
  { method: 'post', path: '/auth/logout', tag: 'auth', summary: 'Clear the session cookie', responses: { 204: { description: 'signed out' } } },
  { method: 'post', path: '/csp-reports', tag: 'health', summary: 'Content-Security-Policy violation reports from browsers (logged; bounded, rate-limited)', responses: { 204: { description: 'logged' }, 400: { description: 'not a report' }, 413: { description: 'too large' }, 429: { description: 'rate budget spent' } } },

  { method: 'post', path: '/surveys', tag: 'surveys', auth: true, summary: 'Create a survey', body: surveyCreateSchema, responses: { 201: ok(surveyCreatedSchema, 'created; import_warnings lists what a Google Form import left out') } },
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
  { method: 'get', path: '/campaigns/phone-numbers', tag: 'numbers', auth: true, summary: 'Every calling number the caller has had, newest first (active and released)', responses: { 200: ok(phoneNumberHistorySchema) } },
  { method: 'post', path: '/campaigns/provision-number', tag: 'numbers', auth: true, summary: 'Provision the calling number and SIP trunk now', responses: { 200: ok(provisionResponseSchema) } },
  { method: 'post', path: '/campaigns/release-number', tag: 'numbers', auth: true, summary: 'Release the calling number and retire its SIP trunk (409 while a campaign runs)', responses: { 200: ok(releaseResponseSchema, 'released, or there was none'), 409: { description: 'campaign running' } } },
  { method: 'post', path: '/twilio/voice', tag: 'webhooks', summary: "Twilio voice webhook of the users' numbers: TwiML with an opt-out (X-Twilio-Signature required)", responses: { 200: { description: 'TwiML', mediaType: 'text/xml' }, 403: { description: 'bad signature' } } },
  { method: 'post', path: '/twilio/voice/opt-out', tag: 'webhooks', summary: 'Gather result: 9 or "stop" puts the caller on the do-not-call list', responses: { 200: { description: 'TwiML' }, 403: { description: 'bad signature' } } },
  { method: 'get', path: '/campaigns/{id}', tag: 'campaigns', auth: true, summary: 'One campaign (id: campaign id or survey id → latest campaign) with its usage and estimated cost', responses: { 200: ok(campaignSummarySchema.extend({ usage: z.record(z.string(), z.unknown()) })) } },
  { method: 'get', path: '/campaigns/{id}/status', tag: 'campaigns', auth: true, summary: 'Live status from the workflow query (id: campaign or survey id)', responses: { 200: ok(campaignStatusSchema) } },
  { method: 'get', path: '/campaigns/{id}/events', tag: 'campaigns', auth: true, summary: 'Server-sent events: a `status` event (the /status shape) whenever the counts change (at most every 500 ms), heartbeat comments, Last-Event-ID resume', responses: { 200: { description: 'text/event-stream of status snapshots', schema: campaignStatusSchema, mediaType: 'text/event-stream' }, 404: { description: 'no such campaign of yours' } } },
  { method: 'get', path: '/campaigns/{id}/calls', tag: 'campaigns', auth: true, summary: "Each contact's attempts, latest outcome and next attempt", query: cursorQuerySchema, responses: { 200: ok(cursorPageOf(contactCallSchema).extend({ campaign_id: z.uuid() })) } },
  { method: 'post', path: '/campaigns/{id}/pause', tag: 'campaigns', auth: true, summary: 'Pause: no new dials; calls in progress finish; waiting contacts keep their times', responses: { 200: ok(controlResponseSchema), 409: { description: 'illegal in the current state: details name it' } } },
  { method: 'post', path: '/campaigns/{id}/resume', tag: 'campaigns', auth: true, summary: 'Resume a paused campaign', responses: { 200: ok(controlResponseSchema), 409: { description: 'illegal in the current state: details name it' } } },
  { method: 'post', path: '/campaigns/{id}/cancel', tag: 'campaigns', auth: true, summary: 'Cancel: no new dials; contacts not reached are recorded as cancelled; optionally hang up calls in progress', body: cancelRequestSchema, responses: { 200: ok(controlResponseSchema), 409: { description: 'illegal in the current state: details name it' } } },
  { method: 'post', path: '/campaigns/{id}/retry', tag: 'campaigns', auth: true, summary: 'Retry from history: a new campaign calling only the contacts this one left retryable (idempotent)', responses: { 201: ok(retryResponseSchema), 200: ok(retryResponseSchema), 409: { description: 'still running, or the survey has another live campaign' } } },

  { method: 'post', path: '/api-keys', tag: 'api-keys', auth: true, summary: 'Create an API key (session only); the key is shown in this answer and never again', body: apiKeyCreateSchema, responses: { 201: ok(apiKeyCreatedSchema, 'created') } },
  { method: 'get', path: '/api-keys', tag: 'api-keys', auth: true, summary: "The caller's API keys (prefix, name, scopes, created, last used)", responses: { 200: ok(z.object({ items: z.array(apiKeySchema) })) } },
  { method: 'post', path: '/webhooks', tag: 'webhooks', auth: true, summary: 'Register a webhook endpoint; the signing secret is shown in this answer only', body: webhookEndpointCreateSchema, responses: { 201: ok(webhookEndpointWithSecretSchema, 'created') } },
  { method: 'get', path: '/webhooks', tag: 'webhooks', auth: true, summary: "The caller's webhook endpoints", responses: { 200: ok(z.object({ items: z.array(webhookEndpointSchema) })) } },
  { method: 'get', path: '/webhooks/{id}', tag: 'webhooks', auth: true, summary: 'One endpoint, with why it was disabled if it was', responses: { 200: ok(webhookEndpointSchema) } },
  { method: 'patch', path: '/webhooks/{id}', tag: 'webhooks', auth: true, summary: 'Change URL, events or description; enable again', body: webhookEndpointPatchSchema, responses: { 200: ok(webhookEndpointSchema) } },
  { method: 'delete', path: '/webhooks/{id}', tag: 'webhooks', auth: true, summary: 'Delete an endpoint and its delivery log', responses: { 204: { description: 'deleted' } } },
  { method: 'post', path: '/webhooks/{id}/rotate-secret', tag: 'webhooks', auth: true, summary: 'New signing secret; the old one keeps signing alongside for a while', body: rotateSecretSchema, responses: { 200: ok(webhookEndpointWithSecretSchema) } },
  { method: 'get', path: '/webhooks/{id}/deliveries', tag: 'webhooks', auth: true, summary: 'Delivery log, newest first: status, attempts, last response code, latency', query: deliveriesQuerySchema, responses: { 200: ok(z.object({ items: z.array(webhookDeliverySchema) })) } },
  { method: 'post', path: '/webhooks/{id}/deliveries/{deliveryId}/redeliver', tag: 'webhooks', auth: true, summary: 'Send the event again as a new delivery', responses: { 202: ok(webhookDeliverySchema, 'accepted'), 409: { description: 'endpoint disabled' } } },
  { method: 'get', path: '/usage', tag: 'usage', auth: true, summary: 'Usage and estimated cost between from (inclusive) and to (exclusive): per call sums, per month, per campaign, number rental; prices with their source and date', query: usageQuerySchema.in, responses: { 200: { description: 'usage report' } } },
  { method: 'get', path: `${surveyIdPath}/analytics`, tag: 'results', auth: true, summary: 'Per-question distributions, mean/median, unclear rate, completion funnel and median call length (optionally one campaign)', query: analyticsQuerySchema, responses: { 200: ok(surveyAnalyticsSchema) } },
  { method: 'delete', path: `${surveyIdPath}/contacts/{contactId}`, tag: 'contacts', auth: true, summary: "Erase a contact with its calls, transcripts and answers (409 while the survey's campaign runs)", responses: { 204: { description: 'erased' }, 409: { description: 'campaign running' } } },
  { method: 'get', path: '/calls/{id}', tag: 'results', auth: true, summary: 'One call: transcript, answers (with reviews), usage and every attempt at the contact in its campaign', responses: { 200: ok(callDetailSchema) } },
  { method: 'get', path: '/calls/{id}/recording', tag: 'results', auth: true, summary: "The call's recording (surveys with record_calls, live mode; linked a few minutes after the call): facts and the media URL", responses: { 200: ok(callRecordingSchema), 404: { description: 'no recording: the survey does not record, the call was simulated or never connected, it is not linked yet, or it was erased' } } },
  { method: 'get', path: '/calls/{id}/recording/media', tag: 'results', auth: true, summary: 'The recorded audio (MP3), streamed from the carrier through the service', responses: { 200: { description: 'the audio', mediaType: 'audio/mpeg' }, 404: { description: 'no recording' }, 502: { description: 'the carrier did not return it' } } },
  { method: 'get', path: `${surveyIdPath}/unclear-answers`, tag: 'results', auth: true, summary: 'Answers left unclear by the mappers, oldest first, for review; pass next_cursor back as cursor for the next page', query: unclearAnswersQuerySchema, responses: { 200: ok(cursorPageOf(unclearAnswerSchema)) } },
  { method: 'patch', path: '/responses/{id}', tag: 'results', auth: true, summary: "Set a reviewed answer's value: method becomes manual, reviewer and time kept", body: reviewAnswerSchema, responses: { 200: ok(reviewedAnswerSchema) } },
  { method: 'get', path: '/do-not-call', tag: 'do-not-call', auth: true, summary: 'Numbers never dialed, with source (call, inbound, api, import) and reason; page with ?after=<last phone_number>', query: doNotCallQuerySchema, responses: { 200: { description: 'the list' } } },
  { method: 'post', path: '/do-not-call', tag: 'do-not-call', auth: true, summary: 'Add a number (normalised to E.164; source api)', body: doNotCallAddSchema, responses: { 201: { description: 'added' }, 200: { description: 'already listed' } } },
  {
    method: 'post', path: '/do-not-call/import', tag: 'do-not-call', auth: true,
    summary: 'Import numbers from a CSV (a phone column, an optional reason column; source import); bad rows are reported by line',
    bodyAlternatives: {
      'text/csv': { schema: { type: 'string', description: 'header row with a phone column and an optional reason column' } },
      'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } },
    },
    responses: { 201: { description: '{imported, already_listed, rejected: [{line, reason, value}]}' }, 200: { description: 'nothing new' }, 413: { description: 'too many rows' }, 415: { description: 'unsupported media type' } },
  },
  { method: 'delete', path: '/do-not-call/{phone}', tag: 'do-not-call', auth: true, summary: 'Remove a number (URL-encoded)', responses: { 204: { description: 'removed' } } },
  { method: 'delete', path: '/api-keys/{id}', tag: 'api-keys', auth: true, summary: 'Revoke an API key: refused from the next request on', responses: { 204: { description: 'revoked' } } },
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
        bearer: { type: 'http', scheme: 'bearer', description: 'a session token (JWT) or an API key (sd_live_...)' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'sd_session' },
      },
    },
    paths,
  };
}
