/** The explorer's GraphQL client: same-origin POSTs to /graphql, errors made readable. */

/** UNAUTHENTICATED, FORBIDDEN, SERVICE_UNAVAILABLE, QUERY_TIMEOUT, LIMIT, BAD_USER_INPUT, NETWORK, HTTP, or the server's own code. */
export type ErrorCode = string;

/** An API failure as a person reads it: what happened (title) and what the server said (detail). */
export class ApiError extends Error {
  constructor(
    readonly title: string,
    readonly detail: string,
    readonly code: ErrorCode,
    readonly status: number,
    /** For a refused limit: the server's maximum (GraphQL error extension `maximum`). */
    readonly maximum?: number,
  ) {
    super(`${title}: ${detail}`);
    this.name = 'ApiError';
  }

  /** Worth trying again as it is (the database or the network may be back). */
  get retryable(): boolean {
    return ['SERVICE_UNAVAILABLE', 'QUERY_TIMEOUT', 'NETWORK', 'HTTP'].includes(this.code);
  }
}

interface GraphqlError {
  message: string;
  extensions?: { code?: string; maximum?: unknown };
}

/** Where the token lives: the tab's session storage, so it is gone when the tab closes. */
export class TokenStore {
  private static readonly KEY = 'ecograph.explorer.token';
  get(): string | null {
    try {
      return sessionStorage.getItem(TokenStore.KEY);
    } catch {
      return null;
    }
  }
  set(token: string | null): void {
    try {
      if (token) sessionStorage.setItem(TokenStore.KEY, token);
      else sessionStorage.removeItem(TokenStore.KEY);
    } catch {
      // Storage disabled: the token lasts as long as the request that asked for it.
    }
  }
}

/** Asked for a token when the server wants one; resolves to the token, or null when the person declines. */
export type TokenPrompt = (reason: string) => Promise<string | null>;

function errorOf(status: number, statusText: string, errors: GraphqlError[] | undefined): ApiError {
  const first = errors?.[0];
  const message = first?.message ?? `${status} ${statusText}`.trim();
  const code = first?.extensions?.code ?? '';
  if (code === 'UNAUTHENTICATED' || status === 401) return new ApiError('A token is needed', message, 'UNAUTHENTICATED', status);
  if (code === 'FORBIDDEN' || status === 403) return new ApiError('Not allowed', message, 'FORBIDDEN', status);
  if (code === 'SERVICE_UNAVAILABLE' || status === 503) return new ApiError('The database is not available right now', message, 'SERVICE_UNAVAILABLE', status);
  if (code === 'QUERY_TIMEOUT' || status === 504)
    return new ApiError('The query took too long', `${message} Try fewer hops, a lower node cap or a filter.`, 'QUERY_TIMEOUT', status);
  if (status === 413 || code === 'QUERY_LIMIT_EXCEEDED' || /exceeds the maximum/.test(message))
    return new ApiError(
      'The request is larger than the server allows',
      `${message} Lower the node cap or add a filter.`,
      'LIMIT',
      status,
      typeof first?.extensions?.maximum === 'number' ? first.extensions.maximum : undefined,
    );
  if (code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED')
    return new ApiError('The server refused the request', message, 'BAD_USER_INPUT', status);
  return new ApiError(status >= 500 ? 'The server failed to answer' : 'The server refused the request', message, code || 'HTTP', status);
}

export class GraphqlClient {
  constructor(
    private readonly tokens: TokenStore,
    private readonly promptForToken: TokenPrompt,
    private readonly endpoint = '/graphql',
  ) {}

  /** Runs one operation; asks for a token (once per refusal) when the server wants one. */
  async request<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
    for (;;) {
      try {
        return await this.send<T>(query, variables, signal);
      } catch (error) {
        if (!(error instanceof ApiError) || error.code !== 'UNAUTHENTICATED') throw error;
        const token = await this.promptForToken(error.detail);
        // Declining also forgets a token the server refused, so the next request goes without.
        this.tokens.set(token);
        if (!token) throw error;
      }
    }
  }

  private async send<T>(query: string, variables: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
    const token = this.tokens.get();
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetch(this.endpoint, { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError('Cannot reach the ecograph server', 'Check that it is running, then try again.', 'NETWORK', 0);
    }
    let body: { data?: T | null; errors?: GraphqlError[] } | undefined;
    try {
      body = (await response.json()) as typeof body;
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      body = undefined;
    }
    if (!response.ok || !body || body.errors?.length || !body.data) throw errorOf(response.status, response.statusText, body?.errors);
    return body.data;
  }
}

/** True for the error fetch raises when its request is aborted (a newer one replaced it). */
export const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';
