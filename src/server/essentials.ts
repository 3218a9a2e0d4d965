import { noStoreFeature } from './cache-control';
import { errorsFeature } from './errors';
import type { ServerFeature } from './feature';
import { httpConformanceFeature } from './http-conformance';
import { requestContextFeature, type RequestContextOptions } from './request-context';
import { noSubscriptionsFeature } from './subscriptions';

export interface EssentialOptions extends RequestContextOptions {
  maxBodyBytes: number;
  /** Stack traces and the libraries' own messages in error answers (for developers only). */
  debug: boolean;
}

/**
 * What every ecograph server needs whatever else it offers: HTTP conformance, the request context
 * (with its deadline), catalogued errors, no subscriptions, no caching.
 */
export function essentialFeatures(options: EssentialOptions): ServerFeature[] {
  return [
    httpConformanceFeature({ maxBodyBytes: options.maxBodyBytes }),
    requestContextFeature(options),
    errorsFeature({ queryTimeoutMs: options.queryTimeoutMs, debug: options.debug }),
    noSubscriptionsFeature(),
    noStoreFeature(),
  ];
}
