import type { ServerFeature } from './feature';

/** GraphQL answers are computed per request from a changing graph: no cache may keep them. */
export function noStoreFeature(): ServerFeature {
  return {
    name: 'cache-control',
    graphqlMiddleware: [
      (_req, res, next) => {
        res.setHeader('cache-control', 'no-store');
        next();
      },
    ],
  };
}
