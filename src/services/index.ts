export {
  DEFAULT_SESSION_OPTIONS,
  SessionService,
  userToSessionUser,
  type ActiveSession,
  type LoginRequest,
  type SessionOptions,
  type SessionUser,
} from './sessions.ts';
export { DEFAULT_LOGIN_THROTTLE, LoginThrottle, type LoginThrottleOptions } from './login-throttle.ts';
export {
  checkPassword,
  TOTP_ROLES,
  UserService,
  type NewUserRequest,
  type PrincipalDirectory,
  type UserView,
} from './users.ts';
