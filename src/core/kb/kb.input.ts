import { ValidationError } from '../errors.js';
import { TEMPLATE_IDS } from './kb.templates.js';
import type { CreateArticleInput, UpdateArticleInput } from './kb.types.js';

export const TITLE_MAX = 200;
export const SLUG_MAX = 80;
export const BODY_MAX = 100_000;
export const LABELS_MAX = 20;
export const LABEL_MAX = 40;
export const QUESTIONS_MAX = 50;
export const QUESTION_MAX = 200;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Lower-case words joined by single hyphens: "Reset your Password!" → "reset-your-password". */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function isSlug(text: string): boolean {
  return SLUG.test(text) && text.length <= SLUG_MAX;
}

/** Labels become slugs ("Remote Access" → "remote-access"), without duplicates, in the order given. */
export function normalizeLabels(raw: readonly string[], errors: Record<string, string>): string[] {
  const labels = [...new Set(raw.map(slugify))];
  if (labels.some((l) => l === '')) errors.labels = 'each label needs a letter or digit';
  else if (labels.some((l) => l.length > LABEL_MAX))
    errors.labels = `each label is at most ${LABEL_MAX} characters`;
  else if (labels.length > LABELS_MAX) errors.labels = `at most ${LABELS_MAX} labels`;
  return labels;
}

/** Questions this article answers: trimmed, without blanks and duplicates, in the order given. */
export function normalizeQuestions(raw: readonly string[], errors: Record<string, string>): string[] {
  const questions = [...new Set(raw.map((q) => q.trim().replace(/\s+/g, ' ')).filter(Boolean))];
  if (questions.some((q) => q.length > QUESTION_MAX))
    errors.questions = `each question is at most ${QUESTION_MAX} characters`;
  else if (questions.length > QUESTIONS_MAX) errors.questions = `at most ${QUESTIONS_MAX} questions`;
  return questions;
}

function checkTitle(title: string | undefined, errors: Record<string, string>): string {
  const t = (title ?? '').trim();
  if (t === '') errors.title = 'is required';
  else if (t.length > TITLE_MAX) errors.title = `must be at most ${TITLE_MAX} characters`;
  return t;
}

function checkBody(body: string, errors: Record<string, string>): string {
  if (body.length > BODY_MAX) errors.body = `must be at most ${BODY_MAX.toLocaleString('en-US')} characters`;
  return body;
}

/** A new article's fields, checked; the parent is resolved by the caller (it needs the store). */
export function checkCreate(input: CreateArticleInput) {
  const errors: Record<string, string> = {};
  const title = checkTitle(input.title, errors);
  const slug = input.slug === undefined || input.slug === '' ? slugify(title).slice(0, SLUG_MAX) : input.slug;
  if (!isSlug(slug)) {
    errors.slug =
      input.slug === undefined
        ? 'could not be made from the title; give one: lower-case letters, digits and hyphens'
        : `must be lower-case letters, digits and single hyphens, at most ${SLUG_MAX} characters`;
  }
  const template = input.template ?? 'blank';
  if (!TEMPLATE_IDS.includes(template)) errors.template = `must be one of: ${TEMPLATE_IDS.join(', ')}`;
  const body = checkBody(input.body ?? '', errors);
  const labels = normalizeLabels(input.labels ?? [], errors);
  const questions = normalizeQuestions(input.questions ?? [], errors);
  const status = input.status ?? 'draft';
  if (status !== 'draft' && status !== 'published') errors.status = 'must be draft or published';
  return { values: { title, slug, template, body, labels, questions, status }, errors };
}

/** The fields an edit changes, checked. */
export function checkUpdate(input: UpdateArticleInput) {
  const errors: Record<string, string> = {};
  const values: { title?: string; body?: string; labels?: string[]; questions?: string[] } = {};
  if (input.title !== undefined) values.title = checkTitle(input.title, errors);
  if (input.body !== undefined) values.body = checkBody(input.body, errors);
  if (input.labels !== undefined) values.labels = normalizeLabels(input.labels, errors);
  if (input.questions !== undefined) values.questions = normalizeQuestions(input.questions, errors);
  return { values, errors };
}

/** Throws one ValidationError naming every bad field. */
export function throwIfErrors(what: string, errors: Record<string, string>): void {
  const names = Object.keys(errors);
  if (names.length === 0) return;
  const list = names.map((n) => `${n} ${errors[n]}`).join('; ');
  throw new ValidationError(`${what}: ${list}`, errors);
}
