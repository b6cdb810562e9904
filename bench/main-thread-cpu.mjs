// Preloaded by the account-mapping bench (`node --import ./bench/main-thread-cpu.mjs …`): when the
// process exits, writes the CPU time of its main thread alone to stderr, so that work moved to a
// worker thread can be told apart from the main thread's critical path. Linux only (/proc);
// elsewhere it writes nothing.
import { readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  process.on('exit', () => {
    try {
      // /proc/PID/task/PID/stat: utime and stime (fields 14 and 15) in clock ticks of 1/100 s.
      const fields = readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      process.stderr.write(`main-thread-cpu ${(Number(fields[11]) + Number(fields[12])) / 100}\n`);
    } catch {
      // not Linux: the bench leaves the column empty
    }
  });
}
