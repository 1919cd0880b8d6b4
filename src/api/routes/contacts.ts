import { Hono, type Context } from 'hono';
import type { AuthEnv } from '../auth/require-user.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError, notFound } from '../errors.ts';
import { cursorQuerySchema } from '../pagination.ts';
import { idParam, jsonBody, query } from '../validate.ts';
import { contactsUploadSchema, importQuerySchema } from '../../contacts/contact-schemas.ts';
import { listContacts } from '../../contacts/contact-store.ts';
import { liveCampaignOf } from '../../surveys/survey-store.ts';
import { importContacts, type UploadRow } from '../../contacts/import-contacts.ts';
import { csvUploadRows, readCsvUpload } from '../csv-upload.ts';

export function contactRoutes({ sql, config }: AppDeps) {
  const app = new Hono<AuthEnv>();

  const ownedSurvey = async (userId: string, surveyId: string) => {
    const [row] = await sql`select 1 from surveys where id = ${surveyId} and user_id = ${userId}`;
    if (!row) throw notFound('survey', surveyId);
  };

  app.post('/:surveyId/contacts', async (c) => {
    const surveyId = idParam(c, 'surveyId', 'survey');
    const options = query(c, importQuerySchema);
    await ownedSurvey(c.var.user.id, surveyId);
    const rows = await readUpload(c);
    const result = await importContacts(sql, { userId: c.var.user.id, surveyId }, rows, {
      defaultCountry: options.default_country ?? config.contacts.defaultCountry,
      strict: options.strict,
    });
    if (options.strict && result.rejected > 0) {
      throw new ApiError(400, 'invalid_rows', `${result.rejected} row(s) are invalid; nothing was imported (strict mode)`, result);
    }
    return c.json(result, result.imported > 0 ? 201 : 200);
  });

  app.get('/:surveyId/contacts', async (c) => {
    const surveyId = idParam(c, 'surveyId', 'survey');
    const page = query(c, cursorQuerySchema);
    await ownedSurvey(c.var.user.id, surveyId);
    return c.json(await listContacts(sql, c.var.user.id, surveyId, page));
  });

  /** Erases a contact with its calls, transcripts and answers (the database cascades to them). */
  app.delete('/:surveyId/contacts/:contactId', async (c) => {
    const surveyId = idParam(c, 'surveyId', 'survey');
    const contactId = idParam(c, 'contactId', 'contact');
    const userId = c.var.user.id;
    await ownedSurvey(userId, surveyId);
    const live = await liveCampaignOf(sql, userId, surveyId);
    if (live) throw new ApiError(409, 'campaign_running', "this survey's campaign may be calling the contact; wait for it to finish", { campaign_id: live });
    const [deleted] = await sql`delete from contacts where id = ${contactId} and survey_id = ${surveyId} and user_id = ${userId} returning id`;
    if (!deleted) throw notFound('contact', contactId);
    return c.body(null, 204);
  });

  return app;
}

/** JSON `{contacts: [...]}`, a text/csv body, or a multipart form with a `file` field. */
async function readUpload(c: Context): Promise<UploadRow[]> {
  const contentType = c.req.header('content-type') ?? '';
  if (contentType.includes('application/json')) {
    const body = await jsonBody(c, contactsUploadSchema);
    return body.contacts.map((data, i) => ({ line: i + 1, data }));
  }
  const csv = await readCsvUpload(c);
  if (csv === null) throw new ApiError(415, 'unsupported_media_type', 'send application/json, text/csv or multipart/form-data');
  return csvUploadRows(csv, 200_000, 'contacts').map(({ line, record }) => ({ line, data: record }));
}
