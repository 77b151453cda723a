import type { FormInstance } from 'antd';
import { ApiError, errorText } from './api-client';

interface FieldIssue {
  field: string;
  message: string;
}

/** `details.issues` of a validation error (one per field), or `details.field` with the message. */
function fieldIssues(error: ApiError): FieldIssue[] {
  const issues = error.details.issues;
  if (Array.isArray(issues)) {
    return issues.filter(
      (issue): issue is FieldIssue =>
        typeof issue === 'object' &&
        issue !== null &&
        typeof (issue as FieldIssue).field === 'string' &&
        typeof (issue as FieldIssue).message === 'string',
    );
  }
  return error.field ? [{ field: error.field, message: error.message }] : [];
}

/**
 * Shows a server error beside the field(s) it concerns (`details.field`, `details.issues`) when they
 * are on the form, and otherwise returns the text for a form-level alert. What the user typed is
 * left as is. `fieldAliases` maps API field names to form field names where they differ.
 */
export function applyServerError(
  form: FormInstance,
  error: unknown,
  fieldAliases: Record<string, string> = {},
): string | undefined {
  if (error instanceof ApiError) {
    // Values of every field registered on the form, including still-empty ones.
    const values = form.getFieldsValue() as object;
    const onForm = fieldIssues(error)
      .map((issue) => ({ name: fieldAliases[issue.field] ?? issue.field, message: issue.message }))
      .filter((issue) => Object.prototype.hasOwnProperty.call(values, issue.name));
    if (onForm.length > 0) {
      form.setFields(onForm.map((issue) => ({ name: issue.name, errors: [issue.message] })));
      return undefined;
    }
  }
  return errorText(error);
}
