import type { FieldConfig } from '../../config/desk.schema.js';
import type { Values } from './conversation.state.js';

const ISO_DATE = /\b(\d{4}-\d{2}-\d{2})\b/g;
const EMAIL = /\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b/g;

/**
 * Values a person already gave in their first message, offered back prefilled: options named in the
 * text, dates and emails in order of the date and email fields, and the whole message as the first
 * long-text field (their description of the problem). Only offered; the person keeps or replaces each.
 */
export function prefillFromText(fields: FieldConfig[], text: string): Values {
  const values: Values = {};
  const dates = [...text.matchAll(ISO_DATE)].map((m) => m[1]!);
  const emails = [...text.matchAll(EMAIL)].map((m) => m[0]!.toLowerCase());
  let longTextTaken = false;
  for (const field of fields) {
    switch (field.type) {
      case 'select': {
        const option = (field.options ?? []).find((o) => mentions(text, o));
        if (option) values[field.id] = option;
        break;
      }
      case 'multiselect': {
        const options = (field.options ?? []).filter((o) => mentions(text, o));
        if (options.length > 0) values[field.id] = options;
        break;
      }
      case 'date':
        if (dates.length > 0) values[field.id] = dates.shift();
        break;
      case 'email':
      case 'user':
        if (emails.length > 0) values[field.id] = emails.shift();
        break;
      case 'longtext':
        if (!longTextTaken && text.trim().length >= 10) {
          values[field.id] = text.trim();
          longTextTaken = true;
        }
        break;
      default:
        break;
    }
  }
  return values;
}

function mentions(text: string, option: string): boolean {
  const escaped = option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'iu').test(text);
}
