import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';

/**
 * The server's password policy (core/access/password.ts): 8–128 characters with a letter and a
 * digit, not containing the username. Checked here so clerks see the problem before submitting;
 * the server stays the judge (422 PASSWORD_TOO_WEAK is shown beside the field).
 */
export const newPasswordRules: Rule[] = [
  { required: true, message: '请输入新密码' },
  { min: 8, message: '密码至少 8 位' },
  { max: 128, message: '密码不超过 128 位' },
  {
    validator: async (_, value: string | undefined) => {
      if (!value || value.length < 8) return;
      if (!/[A-Za-z]/.test(value) || !/\d/.test(value)) throw new Error('密码需同时包含字母和数字');
    },
  },
];

/** The password must not contain the account's username (case-insensitive). */
export function notContainingUsername(usernameOf: (form: FormInstance) => unknown): Rule {
  return (form) => ({
    validator: async (_, value: string | undefined) => {
      const username = usernameOf(form as FormInstance);
      if (!value || typeof username !== 'string' || !username.trim()) return;
      if (value.toLowerCase().includes(username.trim().toLowerCase())) throw new Error('密码不能包含用户名');
    },
  });
}
