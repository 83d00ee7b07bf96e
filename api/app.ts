// The web panels' HTTP API (Express 5): security headers, bounded JSON bodies, a request id and
// one access log line per request, the routes, a JSON 404 under /api and one error handler that
// never shows a stack or SQL. api/main.ts serves it; tests start it in-process.
import { randomUUID } from 'node:crypto';
import cookieParser from 'cookie-parser';
import express, { type ErrorRequestHandler, type Express } from 'express';
import helmet from 'helmet';
import { describeError } from '../config/logger';
import { createRequireSession } from './auth/middleware';
import type { ApiDeps } from './deps';
import { adjustmentRoutes } from './routes/adjustments';
import { auditRoutes } from './routes/audit';
import { authRoutes } from './routes/auth';
import { meRoutes } from './routes/me';
import { memberRoutes } from './routes/members';
import { platformRoutes } from './routes/platform';
import { biotimeSourceRoutes } from './routes/biotime-sources';
import { reportRoutes } from './routes/reports';
import { requestRoutes } from './routes/requests';
import { ruleRoutes } from './routes/rules';
import { todayRoutes } from './routes/today';
import { servePanel } from './static';
import { refuseInput } from './validation';

export type { ApiDeps } from './deps';

export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustedProxies ?? 0);
  app.use(
    helmet({
      // The Mini App runs inside Telegram (Telegram Web frames it); nobody else may frame the panel.
      contentSecurityPolicy: { directives: { frameAncestors: ["'self'", 'https://web.telegram.org', 'https://*.telegram.org'] } },
      xFrameOptions: false,
    }),
  );

  // Request id and access log first, so even a refused body is logged. Only the path is logged:
  // the query may hold a sign-in token, and cookies and bodies (initData) are never logged.
  app.use((req, res, next) => {
    const requestId = randomUUID();
    const started = process.hrtime.bigint();
    res.locals.requestId = requestId;
    res.set('X-Request-Id', requestId);
    res.on('finish', () => {
      deps.log.info(
        { requestId, method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 },
        'http request',
      );
    });
    next();
  });
  app.use(express.json({ limit: '100kb' }));
  app.use(cookieParser());

  // Every router carries full paths and is mounted at the root, so app.router.stack lists every route.
  const requireSession = createRequireSession(deps);
  app.use(authRoutes(deps, requireSession));
  app.use(todayRoutes(deps, requireSession));
  app.use(requestRoutes(deps, requireSession));
  app.use(memberRoutes(deps, requireSession));
  app.use(ruleRoutes(deps, requireSession));
  app.use(adjustmentRoutes(deps, requireSession));
  app.use(reportRoutes(deps, requireSession));
  app.use(auditRoutes(deps, requireSession));
  app.use(meRoutes(deps, requireSession));
  app.use(platformRoutes(deps, requireSession));
  app.use(biotimeSourceRoutes(deps, requireSession));

  app.use('/api', (_req, res) => {
    res.status(404).json({ error: 'not-found' });
  });
  if (deps.panelDir) app.use(servePanel(deps.panelDir));

  const onError: ErrorRequestHandler = (err: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const requestId = String(res.locals.requestId ?? '');
    // body-parser's own refusals are the caller's doing: a bad or too large JSON body.
    const bodyError = (err as { type?: unknown }).type;
    if (bodyError === 'entity.parse.failed') {
      refuseInput(res, '', { code: 'format', format: 'json' }, 'the body is not valid JSON');
      return;
    }
    if (bodyError === 'entity.too.large') {
      res.status(413).json({ error: 'too-large' });
      return;
    }
    deps.log.error({ requestId, err: describeError(err) }, 'request failed');
    res.status(500).json({ error: 'internal', requestId });
  };
  app.use(onError);
  return app;
}
