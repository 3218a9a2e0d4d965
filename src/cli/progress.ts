import { SingleBar } from 'cli-progress';

/**
 * A progress bar on a terminal; elsewhere (pipes, CI logs) only the summary. `unit` names what
 * is counted ('files', 'records'); the label shows what is being worked on.
 */
export function progressReporter(unit = 'files', stream: NodeJS.WriteStream = process.stderr) {
  if (!stream.isTTY) return { update: () => {}, done: () => {} };
  const bar = new SingleBar({ stream, format: `{task} [{bar}] {value}/{total} ${unit} | {label}`, hideCursor: true, clearOnComplete: true });
  let started = false;
  return {
    update(done: number, total: number, label: string, task = 'importing') {
      if (!started) bar.start(total, 0, { label, task });
      started = true;
      bar.setTotal(total);
      bar.update(done, { label, task });
    },
    done() {
      if (started) bar.stop();
    },
  };
}
