import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { errors } from '../../errors';
import type { ManagedLayout } from './layout';

/**
 * The managed Neo4j's password: generated on first start, kept (mode 600) in the data folder,
 * and set as the initial password until the database has been created. Never logged.
 */
export function ensurePassword(layout: ManagedLayout, libDir: string, java: string): string {
  let password = fs.existsSync(layout.passwordFile) ? fs.readFileSync(layout.passwordFile, 'utf8').trim() : undefined;
  const created = fs.existsSync(path.join(layout.dataDir, 'databases', 'system'));
  if (created) {
    if (password) return password;
    throw errors.neo4jUnusable(
      `The managed Neo4j in ${layout.home} has a database but its password file ${layout.passwordFile} is gone. ` +
        `Restore that file, or delete ${layout.home} to start again with an empty graph.`,
    );
  }

  if (!password) {
    password = randomBytes(24).toString('hex'); // never starts with '-', which neo4j-admin reads as an option;
    fs.mkdirSync(path.dirname(layout.passwordFile), { recursive: true });
    const temporary = `${layout.passwordFile}.tmp`;
    fs.writeFileSync(temporary, `${password}\n`, { mode: 0o600 });
    fs.renameSync(temporary, layout.passwordFile);
  }
  // Written before the database exists, so a start interrupted anywhere here just repeats it.
  // neo4j-admin takes the password only as an argument; it runs for a moment, before Neo4j starts.
  const run = spawnSync(java, ['-cp', `${libDir}/*`, 'org.neo4j.cli.AdminTool', 'dbms', 'set-initial-password', password], {
    env: { ...process.env, NEO4J_HOME: layout.home, NEO4J_CONF: layout.confDir },
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}${run.error?.message ?? ''}`.replaceAll(password, '***').trim();
    throw errors.neo4jUnusable(`Setting the managed Neo4j's initial password failed:\n${output}`);
  }
  return password;
}
