import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api';

/** The number of pending requests shown on the Approvals menu item. */
export const useInboxStore = defineStore('inbox', () => {
  const count = ref(0);
  let inFlight = false;

  async function refresh() {
    if (inFlight) return;
    inFlight = true;
    try {
      count.value = (await api.requests()).requests.length;
    } catch {
      // The badge is a hint; the pages show their own errors.
    } finally {
      inFlight = false;
    }
  }

  function set(n: number) {
    count.value = n;
  }

  return { count, refresh, set };
});
