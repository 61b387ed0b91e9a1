/** A4 in twentieths of a point, with 2 cm margins (~56.7 pt, matching the PDF). */
export const PAGE = { width: 11906, height: 16838, margin: 1134 } as const;
export const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
