/** Dates as people write them in letters: "13 March 2018", "March 2018", "January–March 2018". */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const parts = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return { year: y!, month: MONTHS[(m ?? 1) - 1]!, day: d! };
};

export function formatDate(iso: string, accuracy: 'exact' | 'month' | 'approximate' = 'exact'): string {
  const { year, month, day } = parts(iso);
  if (accuracy === 'month') return `${month} ${year}`;
  if (accuracy === 'approximate') return `around ${day} ${month} ${year}`;
  return `${day} ${month} ${year}`;
}

export function formatMonth(iso: string): string {
  const { year, month } = parts(iso);
  return `${month} ${year}`;
}

/** An incident's date, with its end date when it spans days. */
export function formatSpan(date: string, endDate: string | null, accuracy: 'exact' | 'month' | 'approximate'): string {
  if (!endDate || endDate === date) return formatDate(date, accuracy);
  return `${formatDate(date, accuracy)} to ${formatDate(endDate, accuracy === 'approximate' ? 'exact' : accuracy)}`;
}

export function formatPeriod(from: string, to: string): string {
  const a = parts(from), b = parts(to);
  if (a.year === b.year && a.month === b.month) return `${a.month} ${a.year}`;
  if (a.year === b.year) return `${a.month}–${b.month} ${a.year}`;
  return `${a.month} ${a.year}–${b.month} ${b.year}`;
}

/** How a sentence opens with an incident's date: "On 13 March 2018", "In February 2018", "Around 6 February 2018". */
export function leadPhrase(date: string, endDate: string | null, accuracy: 'exact' | 'month' | 'approximate'): string {
  const end = endDate && endDate !== date ? endDate : null;
  if (accuracy === 'month') return end ? `From ${formatMonth(date)} to ${formatMonth(end)}` : `In ${formatMonth(date)}`;
  if (accuracy === 'approximate') return end ? `From around ${formatDate(date)} to ${formatDate(end)}` : `Around ${formatDate(date)}`;
  return end ? `From ${formatDate(date)} to ${formatDate(end)}` : `On ${formatDate(date)}`;
}

/** The text with its first letter capitalised, for dates that open a paragraph ("around …" → "Around …"). */
export function capitalised(text: string): string {
  return text.charAt(0).toLocaleUpperCase('en-GB') + text.slice(1);
}
