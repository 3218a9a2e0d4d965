import type { Driver } from 'neo4j-driver';
import { errors } from '../errors';

export const MINIMUM_NEO4J = { major: 5, minor: 26 } as const;

/** True for 5.26+ and for calendar-versioned releases (2025.01 onwards), which come after 5.26. */
export function isSupportedNeo4jVersion(version: string): boolean {
  const match = /^(\d+)\.(\d+)/.exec(version);
  if (!match) return false;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major >= 2025) return true;
  return major > MINIMUM_NEO4J.major || (major === MINIMUM_NEO4J.major && minor >= MINIMUM_NEO4J.minor);
}

export interface ServerInfo {
  version: string;
  edition: string;
  apocVersion: string;
}

const COMPONENTS = "CALL dbms.components() YIELD name, versions, edition WHERE name = 'Neo4j Kernel' RETURN versions[0] AS version, edition";

/**
 * Checks the server ecograph talks to: Neo4j 5.26 or newer, with APOC core installed. One query
 * when all is well (a start-up on a cold Neo4j pays for every distinct query it plans); a second
 * only to say what is wrong when APOC is missing.
 */
export async function verifyNeo4jServer(driver: Driver, database: string): Promise<ServerInfo> {
  let info: ServerInfo | undefined;
  let apocProblem: Error | undefined;
  try {
    const { records } = await driver.executeQuery(`${COMPONENTS}, apoc.version() AS apocVersion`, {}, { database });
    const record = records[0];
    info = {
      version: String(record?.get('version') ?? 'unknown'),
      edition: String(record?.get('edition') ?? 'unknown'),
      apocVersion: String(record?.get('apocVersion')),
    };
  } catch (error) {
    if (!/apoc\.version/i.test((error as Error).message)) throw error;
    apocProblem = error as Error;
    const { records } = await driver.executeQuery(COMPONENTS, {}, { database });
    info = { version: String(records[0]?.get('version') ?? 'unknown'), edition: String(records[0]?.get('edition') ?? 'unknown'), apocVersion: '' };
  }
  const { version, edition } = info;
  if (!isSupportedNeo4jVersion(version)) {
    throw errors.neo4jIncompatible(`ecograph needs Neo4j ${MINIMUM_NEO4J.major}.${MINIMUM_NEO4J.minor} or newer; the server runs ${version} (${edition}).`);
  }
  if (apocProblem) {
    throw errors.neo4jIncompatible(
      `ecograph needs the APOC core plugin, which @neo4j/graphql uses; the Neo4j server (${version}) does not have it: ` +
        `${apocProblem.message}. Install APOC core matching the server version (Docker: NEO4J_PLUGINS='["apoc"]').`,
      apocProblem,
    );
  }
  return info;
}
