import { status } from '@grpc/grpc-js';

/** A request the admin API refuses, with the gRPC status it answers. */
export class AdminError extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }

  static invalid(message: string): AdminError {
    return new AdminError(status.INVALID_ARGUMENT, message);
  }

  static notFound(message: string): AdminError {
    return new AdminError(status.NOT_FOUND, message);
  }

  static failedPrecondition(message: string): AdminError {
    return new AdminError(status.FAILED_PRECONDITION, message);
  }
}
