import cors from 'cors';
import type { ServerFeature } from './feature';
import { COST_HEADER } from './limits';

/** Browsers on other origins may call the API only when listed (CORS_ORIGINS); none means same origin only. */
export function corsFeature(origins: string[]): ServerFeature {
  return {
    name: 'cors',
    middleware: [
      cors({
        origin: origins,
        methods: ['GET', 'POST'],
        allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-request-id', COST_HEADER],
        exposedHeaders: ['x-request-id'],
        maxAge: 600,
      }),
    ],
  };
}
