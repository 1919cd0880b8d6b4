import { Hono } from 'hono';
import type { AuthEnv } from '../auth/require-user.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError, notFound } from '../errors.ts';
import { pageQuerySchema } from '../pagination.ts';
import { idParam, jsonBody, query } from '../validate.ts';
import { questionnaireSchema } from '../../domain/questionnaire.ts';
import { importGoogleForm } from '../../surveys/google-form/fetch-google-form.ts';
import { editableFormId, fetchFormFromApi, FORMS_READ_SCOPE, parseFormsApiForm } from '../../surveys/google-form/forms-api.ts';
import { FormParseError, type ImportedForm } from '../../surveys/google-form/parse-google-form.ts';
import { accessTokenFor } from '../../users/oauth-tokens.ts';
import { surveyCreateSchema, surveyPatchSchema } from '../../surveys/survey-schemas.ts';
import {
  createSurvey,
  deleteSurvey,
  getSurvey,
  listSurveys,
  liveCampaignOf,
  updateSurvey,
} from '../../surveys/survey-store.ts';

export function surveyRoutes({ sql, fetchFormPage, oidc, secrets, config }: AppDeps) {
  /** A private form through the Forms API when the user's Google sign-in granted read access; else the public page. */
  const importForm = async (userId: string, url: string): Promise<ImportedForm & { url: string }> => {
    const formId = editableFormId(url);
    const google = oidc.google;
    if (formId && google && config.auth.google) {
      const token = await accessTokenFor(sql, secrets, userId, 'google', FORMS_READ_SCOPE, (refreshToken) => google.refresh(refreshToken));
      if (token) {
        const form = parseFormsApiForm(await fetchFormFromApi(config.auth.google.formsApiUrl, formId, token));
        return { ...form, url: form.responderUri ?? url };
      }
    }
    return importGoogleForm(url, fetchFormPage);
  };

  const app = new Hono<AuthEnv>();

  app.post('/', async (c) => {
    const body = await jsonBody(c, surveyCreateSchema);
    if (body.json_questionnaire || !body.google_form_url) return c.json(await createSurvey(sql, c.var.user.id, body), 201);

    // questions from the public form page; unsupported items come back as warnings
    let form;
    try {
      form = await importForm(c.var.user.id, body.google_form_url);
    } catch (error) {
      if (error instanceof FormParseError) throw new ApiError(422, 'form_import_failed', error.message);
      throw error;
    }
    const questionnaire = questionnaireSchema.safeParse(form.questions);
    if (!questionnaire.success) {
      throw new ApiError(422, 'form_import_failed', form.questions.length ? 'the form\'s questions could not be converted' : 'the form has no questions that can be asked by phone', {
        unsupported: form.unsupported,
      });
    }
    const survey = await createSurvey(sql, c.var.user.id, { ...body, google_form_url: form.url, json_questionnaire: questionnaire.data });
    return c.json({ ...survey, import_warnings: form.unsupported }, 201);
  });

  app.get('/', async (c) => {
    const page = query(c, pageQuerySchema);
    const { items, total } = await listSurveys(sql, c.var.user.id, page);
    return c.json({ items, total, ...page });
  });

  app.get('/:surveyId', async (c) => {
    const id = idParam(c, 'surveyId', 'survey');
    const survey = await getSurvey(sql, c.var.user.id, id);
    if (!survey) throw notFound('survey', id);
    return c.json(survey);
  });

  app.patch('/:surveyId', async (c) => {
    const id = idParam(c, 'surveyId', 'survey');
    const patch = await jsonBody(c, surveyPatchSchema);
    if (patch.json_questionnaire && (await liveCampaignOf(sql, c.var.user.id, id))) {
      throw new ApiError(409, 'campaign_running', 'the questions cannot change while a campaign of this survey is running');
    }
    if (patch.submit_to_google_form && patch.google_form_url === undefined) {
      const current = await getSurvey(sql, c.var.user.id, id);
      if (current && !current.google_form_url) {
        throw new ApiError(422, 'no_google_form', 'submitting answers to a Google Form needs the survey to have google_form_url');
      }
    }
    const survey = await updateSurvey(sql, c.var.user.id, id, patch);
    if (!survey) throw notFound('survey', id);
    return c.json(survey);
  });

  app.delete('/:surveyId', async (c) => {
    const id = idParam(c, 'surveyId', 'survey');
    const live = await liveCampaignOf(sql, c.var.user.id, id);
    if (live) throw new ApiError(409, 'campaign_running', 'this survey has a running campaign; wait for it to finish', { campaign_id: live });
    if (!(await deleteSurvey(sql, c.var.user.id, id))) throw notFound('survey', id);
    return c.body(null, 204);
  });

  return app;
}
