/** How long a text is as people count it: in characters (code points), so an emoji counts once, not twice. */
export const lengthOf = (text: string): number => [...text].length;

/** A text as a person compares it: two that differ only in width (ＡＢ, AB), spaces or case read the same. */
export const textKey = (text: string): string => text.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
