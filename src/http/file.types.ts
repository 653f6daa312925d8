/** Media types by extension, for files a platform names but does not type (Teams, Discord). */
export const EXTENSION_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  zip: 'application/zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** A media type from an extension ("png", ".PNG"); unknown ones are opaque bytes (the desk refuses them). */
export function typeOfExtension(extension: string): string {
  return EXTENSION_TYPES[extension.toLowerCase().replace(/^\./, '')] ?? 'application/octet-stream';
}

/** A media type from a file name's extension. */
export function typeFromName(name: string): string {
  return typeOfExtension(/\.([a-z0-9]+)$/i.exec(name)?.[1] ?? '');
}
