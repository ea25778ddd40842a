/**
 * Domain errors. A service throws one; the root error handler turns it into
 * `application/problem+json` with the same `code`. Messages never carry
 * passwords, tokens or record contents.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(detail ?? title);
  }
}

/** 400: the request itself is malformed. */
export class BadRequest extends Problem {
  constructor(code: string, detail: string, extra?: Record<string, unknown>) {
    super(400, code, 'Bad request', detail, extra);
  }
}

/** 401: no valid session. */
export class Unauthenticated extends Problem {
  constructor(code = 'auth.required', detail = 'Sign in first.') {
    super(401, code, 'Authentication required', detail);
  }
}

/** 403: signed in, but the role does not carry the permission. */
export class Forbidden extends Problem {
  constructor(code: string, detail: string) {
    super(403, code, 'Forbidden', detail);
  }
}

export class NotFound extends Problem {
  constructor(code: string, detail: string) {
    super(404, code, 'Not found', detail);
  }
}

/** 409: the request conflicts with the state of the record (a unit already assigned…). */
export class Conflict extends Problem {
  constructor(code: string, detail: string, extra?: Record<string, unknown>) {
    super(409, code, 'Conflict', detail, extra);
  }
}

/** 422: well-formed, but a policy forbids it. `clause` names the policy text that decided; `field`, when given, the input at fault (for a form to show the refusal beside it). */
export class PolicyViolation extends Problem {
  constructor(code: string, detail: string, clause?: string, status = 422, field?: string) {
    super(status, code, 'Refused by policy', detail, clause || field ? { ...(clause ? { clause } : {}), ...(field ? { field } : {}) } : undefined);
  }
}
