/** Pieces shared by the disability route files: tag, error responses, params. */
import { errorResponses } from '@social-affairs/kernel/contracts';
import { z } from 'zod';

export const tags = ['残疾人福利'];
export const errors = errorResponses;
export const idParam = z.object({ id: z.string().min(1).max(64) });
