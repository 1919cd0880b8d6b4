import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'sd_session';

export function setSessionCookie(c: Context, token: string, maxAgeSeconds: number): void {
  // SameSite=Lax so the redirect back from the identity provider carries it; state changes are
  // additionally guarded by the Origin check in requireUser.
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/', maxAge: maxAgeSeconds });
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
}
