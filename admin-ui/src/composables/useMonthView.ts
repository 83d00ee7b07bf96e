import { ref, type Ref } from 'vue';
import { errorText } from '../errors';
import { MONTH } from '../format';

/**
 * A month's view loaded on demand. Only the latest request's answer is kept: a slow answer for a
 * month the user has already left never replaces the one they are looking at.
 */
export function useMonthView<V>(month: Ref<string>, fetch: (month: string) => Promise<V>) {
  const view = ref<V | null>(null) as Ref<V | null>;
  const loading = ref(true);
  const error = ref<string | null>(null);
  let generation = 0;

  async function load(): Promise<void> {
    if (!MONTH.test(month.value)) return;
    const mine = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const result = await fetch(month.value);
      if (mine === generation) view.value = result;
    } catch (e) {
      if (mine === generation) error.value = errorText(e);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  return { view, loading, error, load };
}
