import './telegram';
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import 'element-plus/dist/index.css';
import './styles.css';
import App from './App.vue';
import { router } from './router';
import { i18n, pairText } from './i18n';
import { configureApi } from './api';
import { useSessionStore } from './stores/session';
import { errorText } from './errors';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
app.use(router);

const session = useSessionStore(pinia);
configureApi({
  onUnauthenticated() {
    session.clear();
    if (router.currentRoute.value.name !== 'sign-in') void router.replace({ name: 'sign-in' });
  },
  onNoLongerAdmin(error) {
    session.clear();
    session.appError = error.body.message ?? pairText('errorNoLongerAdmin', undefined, '\n');
    void router.replace({ name: 'sign-in' });
  },
});

app.config.errorHandler = (error) => {
  session.appError = errorText(error);
  console.error(error);
};

app.mount('#app');
