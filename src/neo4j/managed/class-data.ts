import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isAlive } from '../../util/processes';

/**
 * Class-data sharing (AppCDS) for the managed Neo4j. Most of Neo4j's own start on a small machine
 * is the JVM loading and verifying classes (the kernel, Cypher, APOC's procedures). The first run
 * with a given Java and runtime records the classes it loaded into an archive when it stops
 * (-XX:ArchiveClassesAtExit); every later start maps them from that archive
 * (-XX:SharedArchiveFile) instead. Measured on 2 shared cores: Neo4j answered after a median of
 * 29 s with the archive against 53 s without (4 runs each, alternating; load average 10–13).
 * The archive (about 130 MB) sits beside the runtime in the cache and is only kept once complete.
 * The JVM uses an archive only with the exact Java build and the same jars (path, size, time)
 * it was recorded with, else warns and runs without it: so its name is a hash of all three, and
 * a new Java, a refetched or moved runtime records a new one.
 */
export interface ClassDataSharing {
  /** JVM options: use the archive, or record one at exit. */
  jvmOptions: string[];
  /** True while this run records the archive: its stop takes longer (the JVM writes it on exit). */
  recording: boolean;
  /** After the JVM exited: keeps an archive it recorded completely, else removes the attempt. */
  settle(exitCode: number | null): void;
}

export function classDataSharing(runtimeDir: string, classPath: string[], javaBanner: string): ClassDataSharing {
  const dir = path.join(runtimeDir, 'cds');
  const archive = path.join(dir, `${archiveKey(classPath, javaBanner)}.jsa`);
  if (fs.existsSync(archive)) return { jvmOptions: [`-XX:SharedArchiveFile=${archive}`], recording: false, settle: () => {} };

  fs.mkdirSync(dir, { recursive: true });
  removeAbandonedRecordings(dir);
  const recording = `${archive}.${process.pid}.recording`;
  return {
    jvmOptions: [`-XX:ArchiveClassesAtExit=${recording}`],
    recording: true,
    settle: (exitCode) => {
      const written = fs.statSync(recording, { throwIfNoEntry: false });
      // Neo4j exits with 0 on SIGTERM after a clean shutdown; anything else may have cut the dump short.
      if (written && written.size > 0 && exitCode === 0) {
        fs.renameSync(recording, archive);
        // Archives of an earlier Java or runtime are of no more use.
        for (const file of fs.readdirSync(dir)) if (file.endsWith('.jsa') && path.join(dir, file) !== archive) fs.rmSync(path.join(dir, file), { force: true });
      } else {
        fs.rmSync(recording, { force: true });
      }
    },
  };
}

/** What the JVM checks an archive against: its own build, and each jar of the class path (folders/* included) by path, size and time. */
function archiveKey(classPath: string[], javaBanner: string): string {
  const hash = createHash('sha256').update(javaBanner);
  for (const entry of classPath) {
    const dir = entry.endsWith('/*') ? entry.slice(0, -2) : undefined;
    const jars = dir
      ? fs
          .readdirSync(dir)
          .filter((f) => f.endsWith('.jar'))
          .sort()
          .map((f) => path.join(dir, f))
      : [entry];
    for (const jar of jars) {
      const stat = fs.statSync(jar, { throwIfNoEntry: false });
      hash.update(`\0${jar}\0${stat?.size ?? -1}\0${stat?.mtimeMs ?? -1}`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/** Recordings left by a process that died before settling one (killed outright). */
function removeAbandonedRecordings(dir: string): void {
  for (const file of fs.readdirSync(dir)) {
    const pid = Number(/\.(\d+)\.recording$/.exec(file)?.[1]);
    if (pid > 0 && !isAlive(pid)) fs.rmSync(path.join(dir, file), { force: true });
  }
}
