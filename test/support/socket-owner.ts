/**
 * Which process holds a TCP connection, from Linux's /proc: the connection's local port gives its
 * socket inode (/proc/net/tcp, tcp6), and a process's open files name the sockets it holds. Used to
 * find the instance holding the fake Discord gateway, so the test can SIGKILL exactly that one.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

function inodesOfLocalPort(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1]?.split(':')[1];
      if (local && cols[9] && Number.parseInt(local, 16) === port) inodes.add(cols[9]);
    }
  }
  return inodes;
}

/** The pid among `pids` whose process holds the TCP connection with this local port; undefined if none. */
export function ownerOfLocalPort(port: number, pids: number[]): number | undefined {
  const inodes = inodesOfLocalPort(port);
  if (inodes.size === 0) return undefined;
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        if (inode && inodes.has(inode)) return pid;
      } catch {
        // the descriptor closed meanwhile
      }
    }
  }
  return undefined;
}
