import { createHmac, randomBytes } from 'node:crypto';

/** The signature header; the scheme follows Stripe's (timestamp bound into the signed text). */
export const SIGNATURE_HEADER = 'Survey-Dialer-Signature';

/** A new signing secret: 32 random bytes, prefixed so scanners recognise a leaked one. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/** `t=<timestamp>,v1=<hmac>` with one v1 per valid secret (two while a rotation overlaps). */
export function signatureHeader(body: string, secrets: string[], timestampSeconds: number): string {
  const signatures = secrets.map((secret) => createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex'));
  return [`t=${timestampSeconds}`, ...signatures.map((s) => `v1=${s}`)].join(',');
}
