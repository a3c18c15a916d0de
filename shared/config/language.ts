/** The languages user-facing text is written in: Indonesian first, English second. */
export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A text in every language. */
export interface Localized {
  id: string;
  en: string;
}
