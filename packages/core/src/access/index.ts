export * from './actor';
export * from './roles';
export {
  authenticate,
  cachedSession,
  changeOwnPassword,
  createUser,
  getUserView,
  listUsers,
  login,
  logout,
  presentUser,
  resetPassword,
} from './users.service';
export type { NewUser, Session, UserView } from './users.service';
export { checkPasswordPolicy, hashPassword, verifyPassword } from './password';
