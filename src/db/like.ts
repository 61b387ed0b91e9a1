/**
 * LIKE patterns that match what a user typed literally: `%`, `_` and the escape character `\`
 * in their text are escaped (PostgreSQL's default LIKE escape is the backslash).
 */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Matches values containing `text` anywhere. */
export const containsPattern = (text: string): string => `%${escapeLike(text)}%`;

/** Matches values starting with `text`. */
export const prefixPattern = (text: string): string => `${escapeLike(text)}%`;
