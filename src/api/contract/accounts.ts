import { z } from '@hono/zod-openapi';

// The HTTP contract of logins, a user's own account, user accounts (operators) and organisations.

const TotpCodeSchema = z.string().regex(/^[0-9]{6}$/, 'must be the 6-digit code');
const PasswordSchema = z.string().min(1).max(1024);

export const SessionUserSchema = z
  .object({
    name: z.string(),
    displayName: z.string(),
    organisation: z.string().nullable(),
    roles: z.array(z.string()),
    totpEnabled: z.boolean(),
    passwordChangeRequired: z.boolean(),
  })
  .openapi('SessionUser');

export const SessionSchema = z
  .object({
    user: SessionUserSchema,
    csrfToken: z
      .string()
      .openapi({ description: 'Send as X-CSRF-Token on every write made with the session cookie' }),
  })
  .openapi('Session');

export const LoginRequestSchema = z.strictObject({
  name: z.string().min(1).max(255),
  password: PasswordSchema,
  totp: TotpCodeSchema.optional(),
});

export const TotpEnrolmentRequestSchema = z.strictObject({ code: TotpCodeSchema.optional() });

export const TotpEnrolmentSchema = z.object({
  otpauthUri: z.string().optional(),
  totpEnabled: z.boolean(),
});

export const TotpDisableRequestSchema = z.strictObject({ password: PasswordSchema, code: TotpCodeSchema });

export const PasswordChangeRequestSchema = z.strictObject({
  currentPassword: PasswordSchema,
  newPassword: PasswordSchema,
});

/** A user account as operators see it: the session's user, and when it was made and disabled. */
export const UserSchema = SessionUserSchema.extend({
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
}).openapi('User');

export const UserAnswerSchema = z.object({ user: UserSchema });

export const UserListSchema = z.object({ users: z.array(UserSchema) });

export const UserWithPasswordSchema = z
  .object({
    user: UserSchema,
    oneTimePassword: z
      .string()
      .nullable()
      .openapi({ description: 'Shown once; null when the password was given' }),
  })
  .openapi('UserWithPassword');

export const UserRequestSchema = z.strictObject({
  name: z.string().min(1).max(255).openapi({ example: 'judge-li' }),
  displayName: z.string().min(1).max(100).optional(),
  organisation: z.string().min(1).max(63).nullable(),
  roles: z.array(z.string().max(32)).min(1).max(8),
  password: PasswordSchema.optional(),
});

export const UserNameParamSchema = z.object({
  name: z
    .string()
    .min(1)
    .max(255)
    .openapi({ param: { name: 'name', in: 'path' }, example: 'judge-li' }),
});

export const OrganisationSchema = z
  .object({
    name: z.string(),
    kind: z.enum(['member', 'added']),
    memberRole: z.string().nullable().openapi({ description: "The member's role in the consortium file" }),
  })
  .openapi('Organisation');

export const OrganisationRequestSchema = z.strictObject({
  name: z.string().min(1).max(63).openapi({ example: 'video-platform' }),
});

export const OrganisationListSchema = z.object({ organisations: z.array(OrganisationSchema) });

export const PrincipalIdParamSchema = z.object({
  id: z
    .string()
    .regex(/^[0-9a-f]{16}$/, 'must be a principal id (16 lower-case hex digits)')
    .openapi({ param: { name: 'id', in: 'path' }, example: '3f2a9c0d4b5e6f70' }),
});
