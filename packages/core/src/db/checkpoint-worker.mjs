// Background WAL checkpointer for a SQLite file database (see create-db.ts, "checkpoints").
// Runs in a worker thread with its own connection: a PASSIVE checkpoint copies committed WAL frames
// into the database file and fsyncs it without taking the write lock, so neither the copying nor the
// fsync ever stalls the event loop of the thread that serves requests.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const { file, intervalMs } = workerData;
const db = new Database(file);
db.pragma('busy_timeout = 0');
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');
let stopped = false;
let timer;

function tick() {
  if (stopped) return;
  try {
    checkpoint.run();
  } catch {
    // SQLITE_BUSY or a transient error: the next tick tries again; the main connection's own
    // (large) autocheckpoint threshold bounds the WAL if this worker ever falls behind.
  }
  timer = setTimeout(tick, intervalMs);
}

parentPort.on('message', (m) => {
  if (m === 'stop') {
    stopped = true;
    clearTimeout(timer);
    db.close();
    parentPort.close();
  }
});
timer = setTimeout(tick, intervalMs);
