import type { Driver } from 'neo4j-driver';
import { noStoreFeature } from './cache-control';
import { errorsFeature } from './errors';
import type { ServerFeature } from './feature';
import { httpConformanceFeature } from './http-conformance';
import { requestContextFeature } from './request-context';
import { noSubscriptionsFeature } from './subscriptions';

export interface EssentialOptions {
  driver: Driver;
  database: string;
  /** Longest a request's database transaction may run. */
  queryTimeoutMs: number;
  maxBodyBytes: number;
  /** Stack traces and the libraries' own messages in error answers (for developers only). */
  includeStacktrace: boolean;
}

/** What every ecograph server needs whatever else it offers: HTTP conformance, the request context, catalogued errors, no caching. */
export function essentialFeatures(options: EssentialOptions): ServerFeature[] {
  return [
    httpConformanceFeature({ maxBodyBytes: options.maxBodyBytes }),
    requestContextFeature(options),
    errorsFeature({ queryTimeoutMs: options.queryTimeoutMs, debug: options.includeStacktrace }),
    noSubscriptionsFeature(),
    noStoreFeature(),
  ];
}
