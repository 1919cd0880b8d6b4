import { z } from 'zod';
import type { Sql } from '../db/client.ts';

/** What `GET /calls/{id}/recording` answers: the recording's facts and where the service streams it. */
export const callRecordingSchema = z.object({
  call_id: z.uuid(),
  provider: z.string().describe('who recorded it: twilio (the trunk records from answer)'),
  duration_seconds: z.number().int().nullable(),
  channels: z.number().int(),
  started_at: z.iso.datetime().nullable(),
  linked_at: z.iso.datetime(),
  content_type: z.literal('audio/mpeg'),
  media_url: z.string().describe('GET it with the same credentials: the service streams the audio from the provider'),
});
export type CallRecordingBody = z.infer<typeof callRecordingSchema>;

/** The call's recording link, the provider's sid included (for the media fetch, never sent to the client). */
export async function findCallRecording(sql: Sql, userId: string, callId: string) {
  const [row] = await sql<{ call_id: string; provider: string; provider_recording_sid: string; duration_seconds: number | null; channels: number; started_at: Date | null; created_at: Date }[]>`
    select call_id, provider, provider_recording_sid, duration_seconds, channels, started_at, created_at
    from call_recordings where call_id = ${callId} and user_id = ${userId}`;
  if (!row) return null;
  const body: CallRecordingBody = {
    call_id: row.call_id,
    provider: row.provider,
    duration_seconds: row.duration_seconds,
    channels: row.channels,
    started_at: row.started_at?.toISOString() ?? null,
    linked_at: row.created_at.toISOString(),
    content_type: 'audio/mpeg',
    media_url: `/calls/${row.call_id}/recording/media`,
  };
  return { body, providerRecordingSid: row.provider_recording_sid, provider: row.provider };
}
