/** The query of the "already reported nearby?" search: a point and a category. */
import * as z from 'zod/mini';
import { categoryCode } from '../domain/report-fields';
import { pointQuerySchema } from './point-query';

export const nearbyQuerySchema = z.extend(pointQuerySchema, { category: categoryCode });
