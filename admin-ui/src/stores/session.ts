import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, ApiError, setCsrfToken, type Role, type Session } from '../api';
import { DEFAULT_PAIR, setLanguagePair } from '../i18n';

export function homeOf(role: Role | null | undefined): string {
  if (role === 'admin') return '/';
  if (role === 'employee') return '/me';
  if (role === 'super') return '/platform/companies';
  return '/sign-in';
}

export const useSessionStore = defineStore('session', () => {
  const session = ref<Session | null>(null);
  const loaded = ref(false);
  /** A message that outlives navigation (e.g. no-longer-admin), shown by the app shell. */
  const appError = ref<string | null>(null);
  let pending: Promise<Session | null> | null = null;

  const role = computed(() => session.value?.role ?? null);
  const company = computed(() => session.value?.company ?? null);
  const currency = computed(() => company.value?.currency ?? 'KZT');
  const timeZone = computed(() => company.value?.timeZone);
  const languagePair = computed(() => company.value?.languagePair ?? DEFAULT_PAIR);

  function apply(next: Session | null) {
    session.value = next;
    loaded.value = true;
    setCsrfToken(next?.csrfToken ?? null);
    setLanguagePair(next?.company?.languagePair);
  }

  /** GET /api/session once (or again with force); null when nobody is signed in. */
  function load(force = false): Promise<Session | null> {
    if (loaded.value && !force) return Promise.resolve(session.value);
    if (pending && !force) return pending;
    pending = api
      .session()
      .then((s) => {
        apply(s);
        return s;
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) {
          apply(null);
          return null;
        }
        throw error;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  function clear() {
    apply(null);
  }

  async function logout() {
    try {
      await api.logout();
    } finally {
      clear();
    }
  }

  return { session, loaded, appError, role, company, currency, timeZone, languagePair, load, clear, logout };
});
