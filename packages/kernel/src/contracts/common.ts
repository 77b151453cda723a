import { z } from 'zod';

// Validation messages in Simplified Chinese for server and UI alike.
z.config(z.locales.zhCN());

/** Error body of every non-2xx answer: a stable code, a Chinese message, structured details. */
export const errorBody = z.object({
  error: z.object({
    code: z.string().describe('稳定的错误代码，例如 RESIDENT_ID_CHECK_DIGIT'),
    message: z.string().describe('中文错误说明'),
    details: z.record(z.string(), z.unknown()),
  }),
});
export type ErrorBody = z.infer<typeof errorBody>;

export const divisionCodeSchema = z
  .string()
  .regex(/^[0-9]{6}([0-9]{3})?$/, { message: '行政区划代码应为 6 位（县级及以上）或 9 位（乡镇）数字' });

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

/** A stated reason for reading or revealing sensitive data (audited). */
export const reasonSchema = z.string().trim().min(2, { message: '请填写事由（至少 2 个字）' }).max(200);

/** The error responses a business route can give, for its OpenAPI `response` map. */
export const errorResponses = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  422: errorBody,
  429: errorBody,
} as const;
