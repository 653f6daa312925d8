import { describe, expect, it } from 'vitest';
import { checkCreate, normalizeLabels, slugify } from '../../../src/core/kb/kb.input.js';
import { findTemplate, TEMPLATE_IDS, templateBody } from '../../../src/core/kb/kb.templates.js';

describe('article templates', () => {
  it('how-to prefills before-you-start, steps and related', () => {
    const body = templateBody('how-to');
    expect(body.match(/^## .+$/gm)).toEqual(['## Before you start', '## Steps', '## Related']);
  });

  it('troubleshooting prefills symptoms, cause, fix and still stuck', () => {
    const body = templateBody('troubleshooting');
    expect(body.match(/^## .+$/gm)).toEqual(['## Symptoms', '## Cause', '## Fix', '## Still stuck?']);
  });

  it('blank and unknown templates start empty', () => {
    expect(templateBody('blank')).toBe('');
    expect(templateBody('nope')).toBe('');
    expect(findTemplate('nope')).toBeUndefined();
    expect(TEMPLATE_IDS).toEqual(['how-to', 'troubleshooting', 'blank']);
  });
});

describe('article input', () => {
  it('makes slugs and labels lower-case slugs', () => {
    expect(slugify('  Reset your Password! (Windows 11) ')).toBe('reset-your-password-windows-11');
    expect(slugify('Café crème')).toBe('cafe-creme');
    const errors = {};
    expect(normalizeLabels(['VPN', 'Remote Access', 'vpn', 'remote_access'], errors)).toEqual([
      'vpn',
      'remote-access',
    ]);
    expect(errors).toEqual({});
  });

  it('names every bad field', () => {
    const { errors } = checkCreate({
      title: ' ',
      slug: 'Not A Slug',
      template: 'poem',
      labels: ['ok', '!!!'],
      body: 'x'.repeat(100_001),
    });
    expect(Object.keys(errors).sort()).toEqual(['body', 'labels', 'slug', 'template', 'title']);
    expect(errors.title).toBe('is required');
  });

  it('derives the slug from the title and defaults to a blank draft', () => {
    const { values, errors } = checkCreate({ title: 'Set up the VPN on Linux' });
    expect(errors).toEqual({});
    expect(values).toMatchObject({
      slug: 'set-up-the-vpn-on-linux',
      template: 'blank',
      status: 'draft',
      labels: [],
    });
  });
});
