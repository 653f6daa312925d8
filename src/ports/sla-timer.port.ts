/** Sets SLA timers: at `when` (an instant of the desk's clock), the ticket's clocks are recomputed and due pings sent. */
export interface SlaTimers {
  at(when: Date, ticketId: number): Promise<void>;
}
