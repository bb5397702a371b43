/** An error with a stable code, an HTTP status and a message in Indonesian and English. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageId: string,
    readonly messageEn: string,
    readonly details?: unknown,
  ) {
    super(messageEn);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'Data') => new AppError(404, 'NOT_FOUND', `${what} tidak ditemukan`, `${what} not found`);

export const forbidden = () =>
  new AppError(403, 'FORBIDDEN', 'Anda tidak berwenang melakukan tindakan ini', 'You are not allowed to do this');

export const unauthorized = () => new AppError(401, 'UNAUTHENTICATED', 'Silakan masuk terlebih dahulu', 'Please sign in first');

export const badRequest = (code: string, messageId: string, messageEn: string, details?: unknown) =>
  new AppError(400, code, messageId, messageEn, details);

export const conflict = (code: string, messageId: string, messageEn: string, details?: unknown) =>
  new AppError(409, code, messageId, messageEn, details);

export interface ErrorBody {
  error: { code: string; message: string; messageEn: string; details?: unknown };
}

export function errorBody(e: AppError): ErrorBody {
  return {
    error: {
      code: e.code,
      message: e.messageId,
      messageEn: e.messageEn,
      ...(e.details !== undefined ? { details: e.details } : {}),
    },
  };
}
