import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PrerequisiteError } from '../../errors';

const ALTERNATIVES =
  'Or run Neo4j yourself and point ecograph at it: `docker compose up -d neo4j` and then ' +
  'NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=<password> npm start (see README: "Using your own Neo4j").';

type Env = Record<string, string | undefined>;

/** The java executable: $JAVA_HOME/bin/java when JAVA_HOME is set, else java on PATH. */
export function javaExecutable(env: Env = process.env): string {
  return env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** The Java that would run Neo4j: why it cannot be run, or its major version (undefined when its banner does not say) and banner. */
export function probeJava(env: Env = process.env): { java: string; notRunnable?: string; major?: number; banner?: string } {
  const java = javaExecutable(env);
  const run = spawnSync(java, ['-version'], { env, encoding: 'utf8' });
  if (run.error || run.status !== 0) {
    return { java, notRunnable: `\`${java}\` could not be run${run.error ? ` (${(run.error as NodeJS.ErrnoException).code ?? run.error.message})` : ''}` };
  }
  const banner = `${run.stderr}${run.stdout}`;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(banner);
  let major = match ? Number(match[1]) : undefined;
  if (major === 1 && match?.[2]) major = Number(match[2]); // "1.8.0" style
  return { java, banner, ...(major !== undefined ? { major } : {}) };
}

/** Checks that Java 17 or newer is there and returns its major version. */
export function requireJava(env: Env = process.env): number {
  return requireJavaRuntime(env).major;
}

/** Checks that Java 17 or newer is there and returns its major version and `java -version` banner (which names its exact build). */
export function requireJavaRuntime(env: Env = process.env): { major: number; banner: string } {
  const { java, notRunnable, major, banner = '' } = probeJava(env);
  if (notRunnable) {
    throw new PrerequisiteError(
      `The managed local Neo4j needs Java 17 or newer, and ${notRunnable}. ` +
        `Install a JDK or JRE 17+ (Debian/Ubuntu: apt-get install openjdk-17-jre-headless) or set JAVA_HOME. ${ALTERNATIVES}`,
    );
  }
  if (major === undefined || major < 17) {
    throw new PrerequisiteError(
      `The managed local Neo4j needs Java 17 or newer; \`${java}\` is version ${major ?? 'unknown'}. ` +
        `Install Java 17+ (Debian/Ubuntu: apt-get install openjdk-17-jre-headless) or set JAVA_HOME to one. ${ALTERNATIVES}`,
    );
  }
  return { major, banner };
}

/** Maven's version line, or undefined when `mvn` cannot be run. */
export function probeMaven(env: Env = process.env): string | undefined {
  const run = spawnSync('mvn', ['-v'], { env, encoding: 'utf8' });
  if (run.error || run.status !== 0) return undefined;
  // Maven colours its banner on a terminal: the version is read past the escape codes.
  return /Apache Maven\D*([\d.]+\d)/.exec(run.stdout)?.[1] ?? 'unknown version';
}

/** Checks that Maven is there; it is needed only until the Neo4j runtime is cached. */
export function requireMaven(env: Env = process.env): void {
  if (probeMaven(env) === undefined) {
    throw new PrerequisiteError(
      'The managed local Neo4j is fetched from Maven Central with Maven on first use, and `mvn` could not be run. ' +
        `Install Maven 3.6+ (Debian/Ubuntu: apt-get install maven). ${ALTERNATIVES}`,
    );
  }
}
