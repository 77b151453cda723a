/** Field helpers shared by the marriage contracts (not re-exported from the contracts index). */
import { z } from 'zod';

/** A required, trimmed text field of at most `max` characters. */
export const text = (max: number, message = '请填写此项') => z.string().trim().min(1, { message }).max(max);
