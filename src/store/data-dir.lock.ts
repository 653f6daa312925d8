import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt it.
 * The server holds this lock file; the CLI refuses to open a directory whose owner is alive.
 */
export async function holdDataDirLock(dataDir: string): Promise<() => Promise<void>> {
  const file = join(dataDir, 'deskbot.pid');
  const owner = await lockOwner(dataDir);
  if (owner !== null && owner !== process.pid) {
    throw new Error(
      `Deskbot (pid ${owner}) is already using ${dataDir}; stop it first or use another DATA_DIR`,
    );
  }
  await writeFile(file, String(process.pid));
  return () => rm(file, { force: true });
}

/** The pid of a live process holding the directory, or null. */
export async function lockOwner(dataDir: string): Promise<number | null> {
  const pid = Number(await readFile(join(dataDir, 'deskbot.pid'), 'utf8').catch(() => ''));
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}
