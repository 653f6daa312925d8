import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

/**
 * The README promises Node 20.19: every installed package must agree, or `npm install` warns (and a
 * package that really needs a newer Node may fail at run time).
 */
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[] }>;
};

describe('the Node version the README promises', () => {
  it('is the lowest Node package.json allows, and every locked package runs on it', () => {
    const promised = semver.minVersion(pkg.engines.node)!.version;
    expect(promised).toBe('20.19.0');
    expect(readFileSync('README.md', 'utf8')).toContain('Node.js 20.19 or newer');
    const refusing = Object.entries(lock.packages).flatMap(([name, entry]) => {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return range && !semver.satisfies(promised, range) ? [`${name} wants node ${range}`] : [];
    });
    expect(refusing).toEqual([]);
  });
});
