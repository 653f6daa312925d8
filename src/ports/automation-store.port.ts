/** When an idle rule is due for a ticket: the ticket entered the status it waits in at `since`. */
export interface IdleTimer {
  ticketId: number;
  ruleId: string;
  since: Date;
  dueAt: Date;
}

/** What automation rules keep between firings; their firings themselves are written with each change. */
export interface AutomationStore {
  /** Sets idle timers; one already set for the same ticket, rule and `since` is kept as it is. */
  setTimers(timers: IdleTimer[]): Promise<void>;
  /** Pending timers due by `now`, earliest first. */
  dueTimers(now: Date, limit: number): Promise<IdleTimer[]>;
  /** The timer fired, or found the ticket had moved on: it is not handed out again. */
  finishTimer(timer: IdleTimer): Promise<void>;
  cursor(key: string): Promise<string | null>;
  setCursor(key: string, value: string, at: Date): Promise<void>;
  /** How many unresolved tickets each of these people has assigned (0 for those with none). */
  openLoad(personIds: string[]): Promise<Map<string, number>>;
  /** When the ticket entered the status it is in now (its last status change, or its creation). */
  statusSince(ticketId: number): Promise<Date | null>;
}

/** One satisfaction survey: about one resolution (`round`) of one ticket, answered once. */
export interface SurveyRecord {
  ticketId: number;
  round: number;
  requesterId: string;
  department: string;
  token: string;
  sentAt: Date;
  rating: number | null;
  comment: string | null;
  answeredAt: Date | null;
}

export interface SurveyStore {
  /** Opens the next round's survey for the ticket; the one `source` opened already, if it did. */
  open(
    s: Pick<SurveyRecord, 'ticketId' | 'requesterId' | 'department' | 'token' | 'sentAt'> & {
      source: string;
    },
  ): Promise<SurveyRecord>;
  /** The ticket's latest survey. */
  latest(ticketId: number): Promise<SurveyRecord | null>;
  byToken(token: string): Promise<SurveyRecord | null>;
  /** Records the rating if the survey is still unanswered; the answered survey, or null if it was already. */
  answer(ticketId: number, round: number, rating: number, at: Date): Promise<SurveyRecord | null>;
  /** Adds the comment to an answered survey that has none yet; false if it has one. */
  addComment(ticketId: number, round: number, comment: string): Promise<boolean>;
}

/** Approvers' answers in one approval round of a ticket, for requests all approvers must approve. */
export interface ApprovalStore {
  /** False when this approver answered in this round already. */
  record(
    ticketId: number,
    since: Date,
    approverId: string,
    decision: 'approve' | 'decline',
    at: Date,
  ): Promise<boolean>;
  decisions(
    ticketId: number,
    since: Date,
  ): Promise<{ approverId: string; decision: 'approve' | 'decline' }[]>;
}
