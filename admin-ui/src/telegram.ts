// Telegram Mini App launch parameters, read once at start-up: the first route redirect (e.g. from
// `/` to `/sign-in`) would otherwise drop the URL hash that carries them.

interface TelegramWindow {
  Telegram?: { WebApp?: { initData?: string } };
}

function fromHash(): string | null {
  const hash = window.location.hash.slice(1);
  if (!hash.includes('tgWebAppData=')) return null;
  return new URLSearchParams(hash).get('tgWebAppData');
}

let launchInitData = fromHash();
const launchTenant = new URLSearchParams(window.location.search).get('tenant');

/**
 * The Mini App's signed init data: from telegram-web-app.js when the host page loaded it, else
 * from the URL. The launch URL's copy is handed out once, so signing out does not sign back in.
 */
export function takeMiniAppInitData(): string | null {
  const data = (window as unknown as TelegramWindow).Telegram?.WebApp?.initData || fromHash() || launchInitData;
  launchInitData = null;
  return data || null;
}

/** `?tenant=` of the launch URL (or of the current one). */
export function launchTenantId(current?: unknown): string | undefined {
  if (typeof current === 'string' && current) return current;
  return launchTenant || undefined;
}
