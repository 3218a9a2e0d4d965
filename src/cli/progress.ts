import { SingleBar } from 'cli-progress';

/** A progress bar over seed files on a terminal; elsewhere (pipes, CI logs) only the summary. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr) {
  if (!stream.isTTY) return { update: () => {}, done: () => {} };
  const bar = new SingleBar({ stream, format: 'importing [{bar}] {value}/{total} files | {file}', hideCursor: true, clearOnComplete: true });
  let started = false;
  return {
    update(done: number, total: number, file: string) {
      if (!started) bar.start(total, 0, { file });
      started = true;
      bar.update(done, { file });
    },
    done() {
      if (started) bar.stop();
    },
  };
}
