import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthEnv } from '../auth/require-user.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError, notFound } from '../errors.ts';
import { idParam, jsonBody } from '../validate.ts';
import { findCall, reviewAnswer } from '../../calls/call-store.ts';
import { findCallRecording } from '../../calls/call-recording.ts';

export const reviewAnswerSchema = z.object({ mapped_value: z.union([z.string().max(2000), z.number(), z.boolean(), z.array(z.string().max(200)).max(50)]) });

/** Calls with transcripts, answers and recordings; reviewed answers. */
export function callRoutes({ sql, recordings }: AppDeps) {
  const app = new Hono<AuthEnv>();
  app.get('/calls/:id', async (c) => {
    const id = idParam(c, 'id', 'call');
    const call = await findCall(sql, c.var.user.id, id);
    if (!call) throw notFound('call', id);
    return c.json(call);
  });
  app.get('/calls/:id/recording', async (c) => {
    const id = idParam(c, 'id', 'call');
    const recording = await findCallRecording(sql, c.var.user.id, id);
    if (!recording) throw notFound('recording of call', id);
    return c.json(recording.body);
  });
  app.get('/calls/:id/recording/media', async (c) => {
    const id = idParam(c, 'id', 'call');
    const recording = await findCallRecording(sql, c.var.user.id, id);
    // a link from another provider (the mode changed since) cannot be fetched with this one
    if (!recording || !recordings || recording.provider !== recordings.name) throw notFound('recording of call', id);
    const media = await recordings.fetchMedia(recording.providerRecordingSid).catch((error: unknown) => {
      // deleted at the provider (retention ran there first): gone here too; anything else is the carrier's trouble
      if ((error as { status?: number }).status === 404) throw notFound('recording of call', id);
      throw new ApiError(502, 'recording_unavailable', 'the carrier did not return the recording; try again later');
    });
    return c.body(media.body, 200, {
      'content-type': media.contentType,
      ...(media.contentLength === null ? {} : { 'content-length': String(media.contentLength) }),
      // a person's voice: not for shared caches
      'cache-control': 'private, no-store',
    });
  });
  app.patch('/responses/:id', async (c) => {
    const id = idParam(c, 'id', 'response');
    const body = await jsonBody(c, reviewAnswerSchema);
    const row = await reviewAnswer(sql, c.var.user.id, id, body.mapped_value);
    if (!row) throw notFound('response', id);
    return c.json(row);
  });
  return app;
}
