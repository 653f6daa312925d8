import { z } from 'zod';

/** What the sample desk and a desk without `attachments:` take: pictures, PDFs, text and office files. */
export const DEFAULT_ATTACHMENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
];

/** Limits on files people attach: a size in megabytes and the media types taken. */
export const attachmentsConfig = z
  .object({
    maxMegabytes: z.number().positive().max(100).default(10),
    types: z
      .array(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'must be a media type such as image/png'))
      .min(1)
      .default(DEFAULT_ATTACHMENT_TYPES)
      // SVG is a document that can run script: it is never taken, so it can never be shown inline.
      .refine((types) => !types.includes('image/svg+xml'), 'must not include image/svg+xml'),
  })
  .strict();

export type AttachmentsConfig = z.infer<typeof attachmentsConfig>;
