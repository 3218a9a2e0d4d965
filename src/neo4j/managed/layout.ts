import path from 'node:path';

/** Where the managed Neo4j keeps its files, all under the git-ignored data folder. */
export interface ManagedLayout {
  home: string;
  confDir: string;
  dataDir: string;
  logsDir: string;
  runDir: string;
  importDir: string;
  passwordFile: string;
  pidFile: string;
  /** How to reach the running Neo4j (Bolt address, database), for ecograph commands run beside the service. */
  connectionFile: string;
  consoleLog: string;
}

export function managedLayout(dataRoot: string): ManagedLayout {
  const home = path.join(dataRoot, 'neo4j');
  return {
    home,
    confDir: path.join(home, 'conf'),
    dataDir: path.join(home, 'data'),
    logsDir: path.join(home, 'logs'),
    runDir: path.join(home, 'run'),
    importDir: path.join(home, 'import'),
    passwordFile: path.join(home, 'password'),
    pidFile: path.join(home, 'run', 'neo4j.pid'),
    connectionFile: path.join(home, 'run', 'connection.json'),
    consoleLog: path.join(home, 'logs', 'console.log'),
  };
}
