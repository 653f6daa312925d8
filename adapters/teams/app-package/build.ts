/**
 * `npm run teams:package`: the Teams app package (manifest.json and two icons, zipped) for this desk,
 * to upload in the Teams admin center or with "Upload a custom app". Reads MICROSOFT_APP_ID and the
 * desk config's `desk.baseUrl` (DESK_CONFIG, default config/desk.yaml).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { colorIcon, outlineIcon } from './icons.js';
import { teamsManifest } from './manifest.js';
import { zip } from './zip.js';

const EXIT_BAD_CONFIG = 2;

function fail(message: string): never {
  process.stderr.write(`teams:package: ${message}\n`);
  process.exit(EXIT_BAD_CONFIG);
}

const appId = process.env.MICROSOFT_APP_ID?.trim();
if (!appId) fail('MICROSOFT_APP_ID is not set: it is the bot id the package names');
const configPath = process.env.DESK_CONFIG || 'config/desk.yaml';
let baseUrl: unknown;
try {
  baseUrl = (parse(readFileSync(configPath, 'utf8')) as { desk?: { baseUrl?: unknown } })?.desk?.baseUrl;
} catch (err) {
  fail(`${configPath}: ${err instanceof Error ? err.message : String(err)}`);
}
if (typeof baseUrl !== 'string' || !/^https:\/\//.test(baseUrl))
  fail(`${configPath}: desk.baseUrl must be the desk's https:// address (Teams requires https)`);
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const out = resolve(process.argv[2] ?? 'dist/teams/deskbot-teams-app.zip');
const manifest = teamsManifest({ appId, baseUrl, version });
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  zip([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: 'color.png', data: colorIcon() },
    { name: 'outline.png', data: outlineIcon() },
  ]),
);
process.stdout.write(`${out}\n`);
