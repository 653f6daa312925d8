-- Claims due outbox rows for one dispatcher: each claimed row's due time moves to p_until (its lease),
-- so a crashed dispatcher's rows come back by themselves. A row is taken only if no earlier row of its
-- lane (a conversation's messages, a ticket's rows of one topic) is still pending and not due, that is
-- held by another dispatcher or waiting for a retry: one lane is delivered in order by whichever
-- instance holds its head. Claims are serialized by an advisory lock (they take a few ms), so a claim
-- sees every lease taken before it; SKIP LOCKED alone would let two instances split a lane.
CREATE OR REPLACE FUNCTION deskbot_claim_outbox(p_until timestamptz, p_now timestamptz, p_limit int)
RETURNS SETOF outbox
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('deskbot_outbox_claim'));
  RETURN QUERY
  UPDATE outbox SET next_attempt_at = p_until, attempts = attempts + 1
  WHERE id IN (
    SELECT o.id FROM outbox o
    WHERE o.state = 'pending' AND o.next_attempt_at <= p_now
      AND NOT EXISTS (
        SELECT 1 FROM outbox e
        WHERE e.state = 'pending' AND e.id < o.id AND e.next_attempt_at > p_now
          -- The lane, as outbox_pending_lanes_idx has it (migration 0018).
          AND (COALESCE('c:' || (e.payload->>'conversationId'), 't:' || e.ticket_id::text || ':' || e.topic, 'r:' || e.id::text))
            = (COALESCE('c:' || (o.payload->>'conversationId'), 't:' || o.ticket_id::text || ':' || o.topic, 'r:' || o.id::text)))
    ORDER BY o.id
    LIMIT p_limit
  )
  RETURNING *;
END $$;
