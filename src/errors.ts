import { GraphQLError } from 'graphql';
import type { StiggErrorCode } from './error-codes.js';

/** Codes the emulator adds on top of Stigg's ErrorCode enum. */
export type EmulatorOnlyCode = 'NotSupportedByEmulator' | 'NotFound' | 'Conflict' | 'ServiceUnavailable' | 'InvalidClockMove' | 'InsufficientStorage';

export type ErrorCode = StiggErrorCode | EmulatorOnlyCode;

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  BadUserInput: 400,
  InvalidArgumentError: 400,
  InvalidClockMove: 400,
  Unauthenticated: 401,
  IdentityForbidden: 403,
  GovernanceNotEnabled: 403,
  NotFound: 404,
  CustomerNotFound: 404,
  FeatureNotFound: 404,
  PlanNotFound: 404,
  AddonNotFound: 404,
  CouponNotFound: 404,
  SubscriptionNotFound: 404,
  ProductNotFoundError: 404,
  Conflict: 409,
  DuplicatedEntityNotAllowed: 409,
  EntityIsArchivedError: 409,
  RateLimitExceeded: 429,
  NotSupportedByEmulator: 501,
  ServiceUnavailable: 503,
  InsufficientStorage: 507,
};

/** The HTTP status a REST answer carries for an error code (500 when the code names no client error). */
export function httpStatusOf(code: string): number {
  return HTTP_STATUS[code as ErrorCode] ?? 500;
}

/** The error code a bare HTTP status stands for (an injected fault given only a status). */
export function codeOfHttpStatus(status: number): string {
  const codes: Record<number, string> = {
    400: 'BadUserInput',
    401: 'Unauthenticated',
    403: 'IdentityForbidden',
    404: 'NotFound',
    409: 'Conflict',
    429: 'RateLimitExceeded',
    503: 'ServiceUnavailable',
    507: 'InsufficientStorage',
  };
  return codes[status] ?? (status >= 400 && status < 500 ? 'BadUserInput' : 'UnexpectedError');
}

/** A business error with a code; mapped to GraphQL in resolvers and to REST in routes, one place each. */
export class EmulatorError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly httpStatus: number = HTTP_STATUS[code] ?? 400,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'EmulatorError';
  }
}

export const notFound = (code: ErrorCode, what: string, id: string): EmulatorError =>
  new EmulatorError(code, `${what} not found: ${id}`, 404, { id });

export const badInput = (message: string, details?: Record<string, unknown>): EmulatorError =>
  new EmulatorError('BadUserInput', message, 400, details);

/** GraphQL mapping: HTTP 200 with errors[].extensions.code. */
export function toGraphQLError(error: EmulatorError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: { code: error.code, isValidationError: error.code === 'BadUserInput', ...(error.details ?? {}) },
  });
}

/** REST mapping: {"error":{"code","message"}} with the matching status. */
export function toRestError(error: EmulatorError): { status: number; body: { error: { code: string; message: string } } } {
  return { status: error.httpStatus, body: { error: { code: error.code, message: error.message } } };
}

/** SQLite's and the system's codes of a failed write to the data directory. */
const STORAGE_CODES: Record<string, string> = {
  SQLITE_FULL: 'the disk is full',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
};

/**
 * A write to the data directory that failed (SQLITE_FULL, SQLITE_IOERR_*, ENOSPC, EDQUOT), as an
 * InsufficientStorage error (HTTP 507) naming the cause and never a path; null for any other error.
 */
export function storageFailure(error: unknown): EmulatorError | null {
  if (error instanceof EmulatorError || !error || typeof error !== 'object') return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  const cause = STORAGE_CODES[code] ?? (code.startsWith('SQLITE_IOERR') ? 'the disk could not be written' : null);
  if (!cause) return null;
  return new EmulatorError('InsufficientStorage', `the data directory cannot be written: ${cause} (${code}); nothing was saved, free some space and retry`, 507, { cause: code });
}
