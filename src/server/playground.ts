import path from 'node:path';
import { Router, type Request } from 'express';
import type { ServerFeature } from './feature';

/** An example operation shown as a tab in the playground. */
export interface ExampleOperation {
  name: string;
  query: string;
  variables?: string;
}

// The browser builds of GraphiQL and React, served from the installed packages: the playground
// works with no network at all.
const ASSETS: Record<string, [pkg: string, file: string]> = {
  'react.js': ['react', 'umd/react.production.min.js'],
  'react-dom.js': ['react-dom', 'umd/react-dom.production.min.js'],
  'graphiql.js': ['graphiql', 'graphiql.min.js'],
  'graphiql.css': ['graphiql', 'graphiql.min.css'],
};

// Packages' `exports` maps hide their browser builds from require.resolve; their folders do not.
const packageFile = (pkg: string, file: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);

// Runs in the browser: renders GraphiQL with one tab per example operation.
const INIT_SCRIPT = `
const examples = JSON.parse(document.getElementById('examples').textContent);
const graphqlFetcher = GraphiQL.createFetcher({ url: window.location.pathname });
// GraphiQL can keep the previous tab's operation name after a tab switch; a name the document
// does not define would make the server refuse the request, so it is dropped.
const fetcher = (params, options) => {
  const defines = (name) => new RegExp('\\b(query|mutation|subscription)\\s+' + name + '\\b').test(params.query);
  if (params.operationName && !defines(params.operationName)) params = { ...params, operationName: undefined };
  return graphqlFetcher(params, options);
};
const root = ReactDOM.createRoot(document.getElementById('graphiql'));
// The logo corner links to the network explorer, the same data drawn (src/server/explorer.ts).
const logo = React.createElement(GraphiQL.Logo, null,
  'ecograph ',
  React.createElement('a', { href: '/explore', id: 'explorer-link', title: 'The collaboration network, drawn', style: { fontSize: '0.7em', marginLeft: '0.6em', whiteSpace: 'nowrap' } }, 'Explorer →'));
root.render(React.createElement(GraphiQL, {
  fetcher,
  defaultEditorToolsVisibility: true,
  defaultTabs: examples.map((e) => ({ query: e.query, variables: e.variables })),
  shouldPersistHeaders: false,
}, logo));
`;

const escapeJsonForHtml = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function page(examples: ExampleOperation[]): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>ecograph playground</title>
  <link rel="stylesheet" href="/playground/graphiql.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading the playground…</div>
  <script type="application/json" id="examples">${escapeJsonForHtml(examples)}</script>
  <script src="/playground/react.js"></script>
  <script src="/playground/react-dom.js"></script>
  <script src="/playground/graphiql.js"></script>
  <script src="/playground/init.js"></script>
</body>
</html>`;
}

// Everything the page loads comes from this server; the policy makes the browser enforce it.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** A browser asking for a page, as opposed to a GraphQL client sending a GET query. */
function wantsPage(req: Request): boolean {
  return req.method === 'GET' && req.query.query === undefined && req.accepts(['application/json', 'text/html']) === 'text/html';
}

/** GraphiQL at GET /graphql (and /) for browsers, with the example operations as tabs. */
export function playgroundFeature(examples: ExampleOperation[]): ServerFeature {
  const router = Router();
  const html = page(examples);
  const assetFiles = Object.fromEntries(Object.entries(ASSETS).map(([name, [pkg, file]]) => [name, packageFile(pkg, file)]));

  router.get('/', (_req, res) => res.redirect('/graphql'));
  router.get('/favicon.ico', (_req, res) => res.status(204).end());
  router.get('/graphql', (req, res, next) => {
    if (!wantsPage(req)) return next();
    res.set('Content-Security-Policy', CONTENT_SECURITY_POLICY).type('html').send(html);
  });
  router.get('/playground/init.js', (_req, res) => {
    res.type('js').send(INIT_SCRIPT);
  });
  router.get('/playground/:asset', (req, res, next) => {
    const file = assetFiles[req.params.asset];
    if (!file) return next();
    res.sendFile(file, { maxAge: '1d' });
  });
  return { name: 'playground', routes: router };
}
