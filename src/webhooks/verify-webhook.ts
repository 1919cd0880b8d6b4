// Verifies a Survey Dialer webhook: the README shows this file as the receiver's snippet, verbatim.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How old a signed timestamp may be, either way, before the request counts as a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * True when `header` (Survey-Dialer-Signature: `t=<unix seconds>,v1=<hex>[,v1=<hex>]`) signs the raw
 * request body with `secret` and its timestamp is within the tolerance. Pass the body exactly as
 * received (bytes or string), before any JSON parsing.
 */
export function verifyWebhook(rawBody: string | Buffer, header: string | undefined, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  if (!header) return false;
  const parts = header.split(',').map((p) => p.trim().split('='));
  const timestamp = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > WEBHOOK_TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
  // during a secret rotation there is one v1 per valid secret: any may match
  return parts.some(([k, v]) => {
    if (k !== 'v1' || !v || !/^[0-9a-f]{64}$/.test(v)) return false;
    return timingSafeEqual(Buffer.from(v, 'hex'), expected);
  });
}
