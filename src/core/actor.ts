/** Who is acting and from where: what every audit row and event records about the actor. */
export interface Actor {
  username: string;
  roles: string[];
  source: string | null;
  remote: boolean;
  unit?: string | null;
  /**
   * How screens name this person ("Dana Kowalski #112"), when the session check read it: a record
   * written in the request names its author without asking the database again.
   */
  displayName?: string;
}

/** Where a request comes from: its address and whether that is outside the agency's trusted networks (S-110 §H). */
export interface Origin {
  source: string;
  remote: boolean;
}

/** A login as others may see it: never its password, secrets or lock state. */
export interface PublicUser {
  username: string;
  firstName: string;
  lastName: string;
  badge: string | null;
  unit: string | null;
  roles: string[];
}

/** The signed-in person behind a request, after their session was checked. */
export interface Authenticated {
  actor: Actor;
  user: PublicUser;
  sessionId: string;
  mustChangePassword: boolean;
  /** security.requireMfaForAll is on and this login has no authenticator yet: the session may only enroll one. */
  mustEnrollMfa: boolean;
}
