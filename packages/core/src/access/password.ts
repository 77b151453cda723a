import { hash, verify } from '@node-rs/argon2';
import { DomainError } from '@social-affairs/kernel';
import type { CoreConfig } from '../context';

/** argon2id (the @node-rs/argon2 default algorithm), PHC string with its own salt and parameters. */
export function hashPassword(password: string, config: CoreConfig): Promise<string> {
  return hash(password, { ...config.argon2 });
}

export function verifyPassword(stored: string, password: string): Promise<boolean> {
  return verify(stored, password).catch(() => false);
}

/** At least 8 characters with a letter and a digit; no more than 128. */
export function checkPasswordPolicy(password: string, username?: string, field = 'password'): void {
  const weak =
    password.length < 8 ||
    password.length > 128 ||
    !/[A-Za-z]/.test(password) ||
    !/[0-9]/.test(password) ||
    (username !== undefined && password.toLowerCase().includes(username.toLowerCase()));
  if (weak) {
    throw new DomainError(
      'invalid',
      'PASSWORD_TOO_WEAK',
      '密码至少 8 位，须同时包含字母和数字，且不能包含用户名',
      {
        field,
      },
    );
  }
}
