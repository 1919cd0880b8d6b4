import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { cors } from 'hono/cors';
import type { Payload } from '@temporalio/common';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { sameSecret } from '../../crypto/same-secret.ts';
import { AesGcmPayloadCodec } from '../../temporal/payload-codec.ts';
import { ApiError } from '../errors.ts';
import { jsonBody } from '../validate.ts';

/** Payloads as Temporal's codec protocol sends them: proto3 JSON, bytes as base64. */
const base64 = z.string().max(8 * 1024 * 1024).regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'base64');
const payloadsBody = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() })).max(10_000),
});
type JsonPayload = z.infer<typeof payloadsBody>['payloads'][number];

const COOKIE = 'codec_session';

/**
 * The codec server the Temporal Web UI (and `temporal workflow show --codec-endpoint`) decodes
 * histories through: POST /codec/decode and /codec/encode with `{ payloads: [...] }`. Only operators
 * holding TEMPORAL_CODEC_TOKEN get plaintext: as `Authorization: Bearer <token>`, or as the cookie
 * POST /codec/session sets for browsers (the UI has no custom-header setting; "Include cross-origin
 * credentials" sends the cookie). CORS admits only the configured UI origins.
 */
export function codecServerRoutes(config: Config) {
  const { token, uiOrigins } = config.temporal.codecServer;
  const codec = new AesGcmPayloadCodec(config.temporal.payloadKeys);
  // the cookie holds a digest, so a leaked cookie store does not hold the token itself
  const sessionValue = token ? createHash('sha256').update(`codec-session:${token}`).digest('base64url') : null;
  const app = new Hono();

  app.use('*', cors({ origin: uiOrigins, credentials: true, allowMethods: ['POST', 'OPTIONS'], allowHeaders: ['Authorization', 'Content-Type', 'X-Namespace'], maxAge: 600 }));
  app.use('*', bodyLimit({ maxSize: config.http.maxUploadBytes, onError: () => { throw new ApiError(413, 'payload_too_large', `the body is larger than ${config.http.maxUploadBytes} bytes`); } }));

  const authorise = (c: Context) => {
    if (!token || !sessionValue) throw new ApiError(403, 'codec_disabled', 'the codec server is off: set TEMPORAL_CODEC_TOKEN to enable it');
    const bearer = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer !== undefined) {
      if (!sameSecret(bearer, token)) throw new ApiError(403, 'forbidden', 'that codec token is not valid');
      return;
    }
    const cookie = getCookie(c, COOKIE);
    if (cookie !== undefined) {
      if (!sameSecret(cookie, sessionValue)) throw new ApiError(403, 'forbidden', 'that codec session is not valid');
      return;
    }
    throw new ApiError(401, 'unauthorized', 'send Authorization: Bearer <TEMPORAL_CODEC_TOKEN>');
  };

  const transform = (direction: 'encode' | 'decode') => async (c: Context) => {
    authorise(c);
    const { payloads } = await jsonBody(c, payloadsBody);
    let result: Payload[];
    try {
      result = await codec[direction](payloads.map(fromJson));
    } catch (error) {
      // a payload under an unknown key or tampered with: the caller's input, not our failure
      throw new ApiError(422, 'undecodable_payload', (error as Error).message);
    }
    c.header('Cache-Control', 'no-store');
    return c.json({ payloads: result.map(toJson) });
  };
  app.post('/decode', transform('decode'));
  app.post('/encode', transform('encode'));

  /** Exchanges the bearer token for an HttpOnly cookie scoped to /codec, for the browser running the Web UI. */
  app.post('/session', (c) => {
    authorise(c);
    const secure = c.req.url.startsWith('https:');
    setCookie(c, COOKIE, sessionValue!, { path: '/codec', httpOnly: true, secure, sameSite: secure ? 'None' : 'Lax', maxAge: 12 * 3600 });
    return c.body(null, 204);
  });

  return app;
}

function fromJson(p: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
    data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')),
  };
}

function toJson(p: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  };
}
