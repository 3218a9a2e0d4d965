import type { AuthConfig } from '../../config/env';
import type { ServerFeature } from '../feature';

/** Bearer-token authentication and roles (reader, editor, admin). */
export function authFeature(_config: AuthConfig): ServerFeature {
  return { name: 'auth' };
}
