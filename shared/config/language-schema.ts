/** The request-side check of a language code (e.g. the language of SMS updates a citizen asks for). */
import * as z from 'zod/mini';
import { LANGUAGES } from './language';

export const languageSchema = z.enum(LANGUAGES);
