import http from 'node:http';
import https from 'node:https';
import { checkLiteralHost, guardedLookup, type TargetPolicy } from './webhook-target.ts';

export interface PostResult {
  status: number;
  latencyMs: number;
}

/**
 * POSTs one webhook body. Redirects are not followed (a 3xx is a failed attempt: a redirect could lead
 * anywhere); the response body is read and dropped, so a large one cannot fill memory.
 */
export async function postWebhook(url: string, body: string, headers: Record<string, string>, options: { policy: TargetPolicy; timeoutMs: number }): Promise<PostResult> {
  const target = new URL(url);
  checkLiteralHost(target, options.policy);
  const client = target.protocol === 'https:' ? https : http;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        lookup: guardedLookup(options.policy),
        timeout: options.timeoutMs,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, latencyMs: Math.round(performance.now() - started) }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}
