import fs from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { packageRoot } from '../paths';
import type { ServerFeature } from './feature';

/** Where `npm run build` puts the explorer's bundle (scripts/build-explorer.mjs). */
export const explorerBundleDir = path.join(packageRoot, 'dist', 'explorer');

/** The files the page loads, all from this server. */
const ASSETS: Record<string, string> = {
  'explorer.js': 'js',
  'explorer.js.map': 'json',
  'layout-worker.js': 'js',
  'layout-worker.js.map': 'json',
  'explorer-style.css': 'css',
  'explorer-style.css.map': 'json',
};

// Everything comes from this origin, and the policy makes the browser enforce it: no inline
// script or style, the layout's web worker from a same-origin file, API requests to this server.
export const EXPLORER_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>ecograph explorer</title>
<body><h1>The explorer is not built</h1>
<p>Run <code>npm run build</code> (it bundles the page into <code>dist/explorer/</code>), then reload.</p></body></html>`;

/** The network explorer at GET /explore: a page and its bundle, served from dist/explorer/. */
export function explorerRoutes(dir: string = explorerBundleDir): Router {
  const router = Router();
  const index = path.join(dir, 'index.html');
  router.get('/explore', (_req, res) => {
    res.set('Content-Security-Policy', EXPLORER_CONTENT_SECURITY_POLICY).set('Cache-Control', 'no-cache');
    if (!fs.existsSync(index)) return res.status(503).type('html').send(NOT_BUILT);
    res.type('html').sendFile(index);
  });
  router.get('/explore/:asset', (req, res, next) => {
    const type = ASSETS[req.params.asset];
    if (!type) return next();
    // Revalidated on every load (the names carry no hash); an unchanged file costs a 304.
    res.sendFile(path.join(dir, req.params.asset), { headers: { 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' } }, (error) => {
      if (error && !res.headersSent) res.status(404).type('text').send(`${req.params.asset} is not built: run npm run build`);
    });
  });
  return router;
}

/** The explorer as a server feature: the page and its bundle. */
export function explorerFeature(dir?: string): ServerFeature {
  return { name: 'explorer', routes: explorerRoutes(dir) };
}
