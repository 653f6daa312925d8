/** A starting point for a new article: the sections a good article of its kind has. */
export interface ArticleTemplate {
  id: string;
  name: string;
  description: string;
  sections: { heading: string; hint: string }[];
}

export const TEMPLATES: readonly ArticleTemplate[] = [
  {
    id: 'how-to',
    name: 'How-to',
    description: 'Step-by-step instructions for one task.',
    sections: [
      { heading: 'Before you start', hint: 'What the reader needs first: access, devices, time.' },
      { heading: 'Steps', hint: '1. First step\n2. Second step\n3. Third step' },
      { heading: 'Related', hint: '- [Another article](/kb/another-article)' },
    ],
  },
  {
    id: 'troubleshooting',
    name: 'Troubleshooting',
    description: 'A problem, why it happens and how to fix it.',
    sections: [
      { heading: 'Symptoms', hint: 'What the reader sees: messages, behaviour.' },
      { heading: 'Cause', hint: 'Why it happens.' },
      { heading: 'Fix', hint: '1. First thing to try\n2. If that did not help' },
      { heading: 'Still stuck?', hint: 'Ask the desk in chat and say what you tried.' },
    ],
  },
  { id: 'blank', name: 'Blank', description: 'An empty page.', sections: [] },
];

export const TEMPLATE_IDS = TEMPLATES.map((t) => t.id);

export function findTemplate(id: string): ArticleTemplate | undefined {
  return TEMPLATES.find((t) => t.id === id);
}

/** The body a new article starts with: its template's sections, each with a hint to replace. */
export function templateBody(id: string): string {
  const template = findTemplate(id);
  if (!template || template.sections.length === 0) return '';
  return `${template.sections.map((s) => `## ${s.heading}\n\n${s.hint}\n`).join('\n')}`;
}
