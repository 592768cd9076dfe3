export type ApiErrorCode =
  | 'bad-request'
  | 'not-found'
  | 'method-not-allowed'
  | 'rate-limited'
  | 'unavailable'
  | 'internal';

/** An answer other than 200, as `{"error": {"code", "message"}}` with its HTTP status. */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }

  static badRequest(message: string): ApiError {
    return new ApiError(400, 'bad-request', message);
  }

  static notFound(message: string): ApiError {
    return new ApiError(404, 'not-found', message);
  }

  toJSON(): { error: { code: ApiErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}
