import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PrerequisiteError } from '../../../src/errors';
import { requireJava, requireMaven } from '../../../src/neo4j/managed/prerequisites';

/** A JAVA_HOME whose bin/java prints the given `java -version` banner. */
function fakeJavaHome(banner: string): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ecograph-java-'));
  fs.mkdirSync(path.join(home, 'bin'));
  fs.writeFileSync(path.join(home, 'bin', 'java'), `#!/bin/sh\necho '${banner}' >&2\n`, { mode: 0o755 });
  return home;
}

describe('managed Neo4j prerequisites', () => {
  it("accepts this machine's Java 17+", () => {
    expect(requireJava()).toBeGreaterThanOrEqual(17);
  });

  it('names what to install, and the alternatives, when Java is missing', () => {
    const error = (() => {
      try {
        requireJava({ ...process.env, JAVA_HOME: '/nonexistent/jdk' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(PrerequisiteError);
    expect(error?.message).toMatch(/needs Java 17 or newer/);
    expect(error?.message).toContain('openjdk-17-jre-headless');
    expect(error?.message).toContain('docker compose');
    expect(error?.message).toContain('NEO4J_URI');
  });

  it('rejects a Java older than 17, saying which version it found', () => {
    const home = fakeJavaHome('openjdk version "11.0.20" 2023-07-18');
    expect(() => requireJava({ ...process.env, JAVA_HOME: home })).toThrow(/is version 11/);
    const legacy = fakeJavaHome('java version "1.8.0_381"');
    expect(() => requireJava({ ...process.env, JAVA_HOME: legacy })).toThrow(/is version 8/);
  });

  it('names Maven when it is missing', () => {
    expect(() => requireMaven({ PATH: '/nonexistent' })).toThrow(/Install Maven 3\.6\+.*NEO4J_URI/s);
  });
});
