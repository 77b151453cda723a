/** Pieces shared by the matching route files: tag, error responses, params. */
import { errorResponses } from '@social-affairs/kernel/contracts';
import { z } from 'zod';

export const tags = ['数据比对与寻亲'];
export const errors = errorResponses;
export const idParam = z.object({ id: z.string().min(1).max(64) });
