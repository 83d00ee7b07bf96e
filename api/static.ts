// The built panel (admin-ui/dist): hashed assets cached for a year, index.html never cached, and
// every other path the panel's router owns (/members/12, /rules …) answered with index.html.
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

export function servePanel(dir: string): Router {
  const router = Router();
  const index = path.join(dir, 'index.html');
  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  router.use(express.static(dir, { index: false, maxAge: 0 }));
  router.get(/^\/(?!api\/).*/, (req, res, next) => {
    if (!req.accepts('html') || !existsSync(index)) {
      next();
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
}
