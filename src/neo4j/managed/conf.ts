import type { ManagedLayout } from './layout';

export interface ManagedSettings {
  boltPort: number;
  database: string;
  heapSize: string;
  pageCacheSize: string;
}

/**
 * The neo4j.conf ecograph writes on every start. Bolt listens on loopback only; the HTTP
 * connector (Neo4j Browser is not part of the runtime) is off; authentication stays on.
 */
export function renderNeo4jConf(layout: ManagedLayout, pluginsDir: string, s: ManagedSettings): string {
  const settings: Record<string, string | number | boolean> = {
    'server.default_listen_address': '127.0.0.1',
    'server.default_advertised_address': '127.0.0.1',
    'server.bolt.enabled': true,
    'server.bolt.listen_address': `127.0.0.1:${s.boltPort}`,
    'server.bolt.advertised_address': `127.0.0.1:${s.boltPort}`,
    'server.http.enabled': false,
    'server.https.enabled': false,
    'dbms.security.auth_enabled': true,
    'initial.dbms.default_database': s.database,
    'server.directories.data': layout.dataDir,
    'server.directories.logs': layout.logsDir,
    'server.directories.run': layout.runDir,
    'server.directories.import': layout.importDir,
    'server.directories.plugins': pluginsDir,
    'dbms.security.procedures.unrestricted': 'apoc.*',
    // Heap is passed to the JVM as -Xms/-Xmx too (there is no launcher script); stated here so
    // Neo4j's memory checks see it.
    'server.memory.heap.initial_size': s.heapSize,
    'server.memory.heap.max_size': s.heapSize,
    'server.memory.pagecache.size': s.pageCacheSize,
    'dbms.usage_report.enabled': false,
    // ecograph closes its driver before stopping Neo4j, so Bolt need not wait 10 s for clients.
    'internal.dbms.bolt.netty_server_shutdown_quiet_period': 0,
    'internal.server.bolt.connection_shutdown_wait_time': '1s',
  };
  const lines = Object.entries(settings).map(([key, value]) => `${key}=${value}`);
  return `# Written by ecograph on every start of the managed Neo4j; edits here are overwritten.\n${lines.join('\n')}\n`;
}

/** JVM options that Neo4j's own launcher would add (server.jvm.additional in its default conf). */
export function jvmOptions(heapSize: string): string[] {
  return [
    `-Xms${heapSize}`,
    `-Xmx${heapSize}`,
    '-XX:+UseG1GC',
    '-XX:-OmitStackTraceInFastThrow',
    '-XX:+UnlockExperimentalVMOptions',
    '-XX:+TrustFinalNonStaticFields',
    '-XX:+DisableExplicitGC',
    '-Djdk.nio.maxCachedBufferSize=1024',
    '-Dio.netty.tryReflectionSetAccessible=true',
    '-Djdk.tls.ephemeralDHKeySize=2048',
    '-Djdk.tls.rejectClientInitiatedRenegotiation=true',
    '-Dlog4j2.disable.jmx=true',
    '-Dfile.encoding=UTF-8',
    '--add-opens=java.base/java.nio=ALL-UNNAMED',
    '--add-opens=java.base/java.io=ALL-UNNAMED',
    '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  ];
}
