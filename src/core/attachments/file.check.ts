/** Media types shown inline (as pictures); everything else is offered as a download. */
export const INLINE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** The first bytes of the types a browser would render, so a file cannot claim to be what it is not. */
const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) =>
    b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a',
  'image/webp': (b) =>
    b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
};

/** The type the first bytes show, for the types with a signature; null for anything else. */
export function sniffedType(bytes: Buffer): string | null {
  return Object.entries(SIGNATURES).find(([, matches]) => matches(bytes))?.[0] ?? null;
}

/** Why these bytes are not the type they claim, or null (types without a known signature pass). */
export function contentProblem(contentType: string, bytes: Buffer): string | null {
  const matches = SIGNATURES[contentType];
  return matches && !matches(bytes) ? `is not a ${contentType.split('/')[1]!.toUpperCase()} file` : null;
}

/** What the uploader called the file, as a name only: no folders, no control characters, not empty. */
export function fileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f && c !== '"')
    .join('')
    .trim()
    .slice(0, 200);
  return clean === '' || clean === '.' || clean === '..' ? 'file' : clean;
}
