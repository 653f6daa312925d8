import { stemmer } from 'stemmer';

/** Words too common to tell articles apart; dropped from the index and from queries. */
const STOP_WORDS = new Set(
  `a an and are as at be been but by can could do does did for from get got had has have how i if in into
  is it its just me my of on or our so than that the their them then there these they this those to too
  up us was we were what when where which who why will with would you your yours im ive dont cant`.split(
    /\s+/,
  ),
);

/**
 * Lower-cases, drops stop words and one-letter words (the "t" of "won't"), and stems with the Porter
 * stemmer ("printing", "printers" → "printer"/"print", "policies" → "polici"), so a question finds
 * the article that names the thing in another form. Words with digits stay as they are (error codes).
 */
export function processTerm(term: string): string | null {
  const word = term.toLowerCase();
  if (STOP_WORDS.has(word) || (word.length < 2 && !/\d/.test(word))) return null;
  return /\d/.test(word) ? word : stemmer(word);
}
