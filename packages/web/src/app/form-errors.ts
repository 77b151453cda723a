import type { FormInstance } from 'antd';
import { ApiError, errorText } from './api-client';

/**
 * Shows a server error beside the field it concerns (`details.field`) when that field is on the
 * form, and otherwise returns the text for a form-level alert. What the user typed is left as is.
 * `fieldAliases` maps API field names to form field names where they differ.
 */
export function applyServerError(
  form: FormInstance,
  error: unknown,
  fieldAliases: Record<string, string> = {},
): string | undefined {
  if (error instanceof ApiError && error.field) {
    const name = fieldAliases[error.field] ?? error.field;
    const known = Object.prototype.hasOwnProperty.call(form.getFieldsValue(true) as object, name);
    if (known) {
      form.setFields([{ name, errors: [error.message] }]);
      return undefined;
    }
  }
  return errorText(error);
}
