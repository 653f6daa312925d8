/** Words too common to tell articles apart; dropped from the index and from queries. */
const STOP_WORDS = new Set(
  `a an and are as at be been but by can could do does did for from get got had has have how i if in into
  is it its just me my of on or our so than that the their them then there these they this those to too
  up us was we were what when where which who why will with would you your yours im ive dont cant`.split(
    /\s+/,
  ),
);

/**
 * Lower-cases, drops stop words and one-letter words (the "t" of "won't"), and folds plurals
 * ("printers" → "printer", "policies" → "policy") so a question finds the article that names the thing.
 */
export function processTerm(term: string): string | null {
  const word = term.toLowerCase();
  if (STOP_WORDS.has(word) || (word.length < 2 && !/\d/.test(word))) return null;
  return singular(word);
}

export function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is|os)$/.test(word)) return word.slice(0, -1);
  return word;
}
