import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/** Reads a ZIP the way an unzip tool does: the central directory, then each entry's local data. */
function unzip(archive: Buffer): Map<string, Buffer> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(archive.readUInt32LE(at)).toBe(0x02014b50);
    const crc = archive.readUInt32LE(at + 16);
    const size = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const local = archive.readUInt32LE(at + 42);
    expect(archive.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const data = inflateRawSync(archive.subarray(start, start + size));
    expect(crc32(data)).toBe(crc);
    files.set(name, data);
    at += 46 + nameLength;
  }
  return files;
}

const run = (env: Record<string, string>, out: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'adapters/teams/app-package/build.ts', out], {
    env: { ...process.env, MICROSOFT_APP_ID: '', ...env },
    encoding: 'utf8',
  });

describe('npm run teams:package', () => {
  it('zips a manifest naming the bot, with a 192 px colour icon and a 32 px outline icon', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'teams-package-')), 'app.zip');
    const appId = '11111111-2222-4333-8444-555555555555';
    const r = run({ MICROSOFT_APP_ID: appId }, out);
    expect(r.status, r.stderr).toBe(0);
    const files = unzip(readFileSync(out));
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(manifest).toMatchObject({
      id: appId,
      bots: [{ botId: appId, scopes: ['personal', 'team', 'groupChat'] }],
      icons: { color: 'color.png', outline: 'outline.png' },
      validDomains: ['desk.acme.example'],
    });
    const size = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];
    expect(size(files.get('color.png')!)).toEqual([192, 192]);
    expect(size(files.get('outline.png')!)).toEqual([32, 32]);
  });

  it('without MICROSOFT_APP_ID: exit 2, saying so', () => {
    const r = run({}, join(tmpdir(), 'never.zip'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('MICROSOFT_APP_ID');
  });
});
