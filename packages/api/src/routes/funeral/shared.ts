/** Pieces shared by the funeral route files: tag, error responses, params. */
import { errorResponses } from '@social-affairs/kernel/contracts';
import { z } from 'zod';

export const tags = ['殡葬管理'];
export const errors = errorResponses;
export const idParam = z.object({ id: z.string().min(1).max(64) });
