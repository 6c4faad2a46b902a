/** How long a text is as people count it: in characters (code points), so an emoji counts once, not twice. */
export const lengthOf = (text: string): number => [...text].length;
