/** Errors the core raises; the HTTP layer and the chat adapters turn each into a clear answer. */
export class DomainError extends Error {
  constructor(
    readonly code: 'invalid' | 'not_found' | 'forbidden' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input; `fields` names each field that was wrong and why. */
export class ValidationError extends DomainError {
  constructor(
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super('invalid', message);
  }
}

/** Also raised for things that exist but the caller may not see, so existence does not leak. */
export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('not_found', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

/** The ticket changed since the caller read it, or the action does not fit its current state. */
export class ConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}
