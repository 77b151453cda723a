import type { FormInstance } from 'antd';

/**
 * Runs `action` with the form's values once they are valid. A failed validation is already shown beside
 * the fields (and keeps what was typed), so it ends here instead of becoming an unhandled rejection.
 */
export function whenValid<T>(form: FormInstance<T>, action: (values: T) => Promise<void>): void {
  form.validateFields().then(action, () => undefined);
}
