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
  prepareSignIn,
  presentUser,
  resetPassword,
  setUserStatus,
  unlockUser,
  updateUserAccess,
} from './users.service';
export type {
  NewUser,
  Session,
  UserAccessChange,
  UserAdminView,
  UsersQuery,
  UserView,
} from './users.service';
export { checkPasswordPolicy, hashPassword, onPasswordVerification, verifyPassword } from './password';
export {
  countyCodeOf,
  ensureScopeDivisionCode,
  isScopeDivisionCode,
  scopeDivisionName,
  scopeFilterFor,
} from './scope';
export type { ScopeFilter } from './scope';
export { whereInScope } from './scope.repository';
export { SYSTEM_DISPLAY_NAME, displayNameIn, displayNamesOf } from './users.repository';
export type { ScopeColumns } from './scope.repository';
export {
  INSTITUTION_KINDS,
  activeInstitution,
  createInstitution,
  createInstitutionInTransaction,
  getInstitution,
  listInstitutions,
  presentInstitution,
} from './institutions.service';
export type { InstitutionKind, InstitutionView, NewInstitution } from './institutions.service';
export type { InstitutionRow } from './institutions.table';
