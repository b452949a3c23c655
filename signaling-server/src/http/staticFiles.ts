import { existsSync } from 'node:fs';
import express, { Router } from 'express';
import { paths } from '../paths.js';

/**
 * The built widget (loader + lazily loaded panel), the agent console and the demo page.
 * Widget files are loaded by customers' pages, so they are served to any origin.
 */
export function staticRouter(): Router {
  for (const [name, dir] of Object.entries({ widget: paths.widget, console: paths.console })) {
    if (!existsSync(dir)) throw new Error(`${name} is not built (${dir} missing): run pnpm build`);
  }
  const router = Router();
  const anyOrigin: express.RequestHandler = (_req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    next();
  };
  router.get('/widget.js', anyOrigin, (_req, res) => {
    // Short cache: the loader is the one URL customers pin; the panel files it loads are hashed.
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.sendFile('widget.js', { root: paths.widget });
  });
  router.use('/widget', anyOrigin, express.static(paths.widget, { immutable: true, maxAge: '1y', index: false }));
  router.use('/console', express.static(paths.console, { index: 'index.html' }));
  router.get(/^\/console(\/.*)?$/, (_req, res) => res.sendFile('index.html', { root: paths.console }));
  router.use('/', express.static(paths.demo, { index: 'index.html' }));
  return router;
}
