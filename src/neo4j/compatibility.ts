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

/** Checks the server ecograph talks to: Neo4j 5.26 or newer, with APOC core installed. */
export async function verifyNeo4jServer(driver: Driver, database: string): Promise<ServerInfo> {
  const components = await driver.executeQuery(
    "CALL dbms.components() YIELD name, versions, edition WHERE name = 'Neo4j Kernel' RETURN versions[0] AS version, edition",
    {},
    { database },
  );
  const version = String(components.records[0]?.get('version') ?? 'unknown');
  const edition = String(components.records[0]?.get('edition') ?? 'unknown');
  if (!isSupportedNeo4jVersion(version)) {
    throw errors.neo4jIncompatible(`ecograph needs Neo4j ${MINIMUM_NEO4J.major}.${MINIMUM_NEO4J.minor} or newer; the server runs ${version} (${edition}).`);
  }
  let apocVersion: string;
  try {
    const apoc = await driver.executeQuery('RETURN apoc.version() AS version', {}, { database });
    apocVersion = String(apoc.records[0]?.get('version'));
  } catch (error) {
    throw errors.neo4jIncompatible(
      `ecograph needs the APOC core plugin, which @neo4j/graphql uses; the Neo4j server (${version}) does not have it: ` +
        `${(error as Error).message}. Install APOC core matching the server version (Docker: NEO4J_PLUGINS='["apoc"]').`,
      error,
    );
  }
  return { version, edition, apocVersion };
}
