import type { Rule } from 'antd/es/form';

/**
 * Client-side echo of the server's password policy so clerks see the problem before submitting;
 * the server stays the judge (422 PASSWORD_TOO_WEAK is shown beside the field).
 */
export const newPasswordRules: Rule[] = [
  { required: true, message: '请输入新密码' },
  { min: 8, message: '密码至少 8 位' },
  { max: 64, message: '密码不超过 64 位' },
  {
    validator: async (_, value: string | undefined) => {
      if (!value || value.length < 8) return;
      if (!/[A-Za-z]/.test(value) || !/\d/.test(value)) throw new Error('密码需同时包含字母和数字');
    },
  },
];
