import { randomUUID } from 'node:crypto';
import { link, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** The directory is held by another live process. */
export class DataDirLockedError extends Error {
  constructor(
    readonly pid: number,
    readonly dataDir: string,
  ) {
    super(
      `Deskbot (pid ${pid}) is using ${dataDir}; the embedded store takes one process at a time (if no Deskbot runs there, delete ${join(dataDir, 'deskbot.pid')})`,
    );
  }
}

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt it.
 * The server and every CLI command that opens the store hold this lock while they run. Taking it is
 * one atomic create (O_EXCL): of two processes starting at once, exactly one gets it. A lock left by a
 * dead process is moved aside by an atomic rename (only one taker wins that too) and taken afresh.
 * Resolves with the release.
 */
export async function holdDataDirLock(dataDir: string): Promise<() => Promise<void>> {
  const file = lockFile(dataDir);
  if (held.has(file)) throw new Error(`${file} is already held by this process`);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      held.add(file);
      return () => releaseLock(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = await ownerIn(file);
    if (owner !== null && holds(owner, file)) throw new DataDirLockedError(owner, dataDir);
    await clearStale(file, owner, dataDir);
  }
  throw new Error(`could not take the lock ${file}: other processes keep taking it`);
}

/** The lock files this process holds: a file naming this pid but not held here is a previous run's. */
const held = new Set<string>();

function lockFile(dataDir: string): string {
  return join(dataDir, 'deskbot.pid');
}

/** Moves a dead owner's lock aside; if what was moved turns out live (just taken), puts it back. */
async function clearStale(file: string, staleOwner: number | null, dataDir: string): Promise<void> {
  const aside = `${file}.stale-${randomUUID()}`;
  try {
    await rename(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // another taker moved it first
    throw err;
  }
  const moved = await ownerIn(aside);
  if (moved !== null && moved !== staleOwner && holds(moved, file)) {
    // link() never replaces: if yet another process took the lock meanwhile, that one keeps it.
    await link(aside, file).catch(() => {});
    await rm(aside, { force: true });
    throw new DataDirLockedError(moved, dataDir);
  }
  await rm(aside, { force: true });
}

/** Removes the lock only while it is still this process's. */
async function releaseLock(file: string): Promise<void> {
  if (!held.delete(file)) return;
  if ((await ownerIn(file)) === process.pid) await rm(file, { force: true });
}

async function ownerIn(file: string): Promise<number | null> {
  const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Whether `pid` is a live process holding `file`. */
function holds(pid: number, file: string): boolean {
  // This process's pid in a file it never took is a previous run's (a container's pid is the same each start).
  if (pid === process.pid) return held.has(file);
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive, owned by another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
