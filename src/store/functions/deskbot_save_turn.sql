-- Saves a turn: the conversation's state (if its version still holds; version 0 creates it, NULL leaves
-- it alone), the transcript lines, the outbox rows for delivery, and the inbound delivery as processed.
-- FALSE when the conversation changed meanwhile; the caller then runs the turn again.
CREATE OR REPLACE FUNCTION deskbot_save_turn(p_turn jsonb) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  v_at timestamptz := (p_turn->>'at')::timestamptz;
  v_id text := p_turn->'conversation'->>'id';
  v_expected int := (p_turn->>'expectedVersion')::int;
BEGIN
  IF v_expected = 0 THEN
    INSERT INTO conversations (id, platform, ref, person_id, state, ticket_id, version, created_at, updated_at)
    VALUES (v_id, p_turn->'conversation'->>'platform', p_turn->'conversation'->'ref',
      p_turn->'conversation'->>'personId', p_turn->'state', (p_turn->>'ticketId')::bigint, 1, v_at, v_at)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
      RETURN false;
    END IF;
  ELSIF v_expected IS NOT NULL THEN
    -- The platform reference is refreshed from every inbound event (Teams' serviceUrl changes).
    UPDATE conversations SET ref = p_turn->'conversation'->'ref', state = p_turn->'state',
      ticket_id = (p_turn->>'ticketId')::bigint, version = version + 1, updated_at = v_at
    WHERE id = v_id AND version = v_expected;
    IF NOT FOUND THEN
      RETURN false;
    END IF;
  ELSE
    -- A turn that changes nothing still takes the row, as appends do (appendOutbound): the lines' ids
    -- and their outbox rows' ids then come in the same order.
    PERFORM 1 FROM conversations WHERE id = v_id FOR UPDATE;
  END IF;
  INSERT INTO conversation_messages (conversation_id, direction, message, at)
  SELECT v_id, e.v->>'direction', e.v->'message', v_at
  FROM jsonb_array_elements(p_turn->'transcript') WITH ORDINALITY AS e(v, n)
  ORDER BY e.n;
  INSERT INTO outbox (topic, payload, created_at, next_attempt_at)
  SELECT e.v->>'topic', e.v->'payload', v_at, v_at
  FROM jsonb_array_elements(p_turn->'outbox') WITH ORDINALITY AS e(v, n)
  ORDER BY e.n;
  IF p_turn ? 'delivery' THEN
    UPDATE inbox SET processed_at = v_at
    WHERE platform = p_turn->'delivery'->>'platform' AND delivery_id = p_turn->'delivery'->>'deliveryId';
  END IF;
  RETURN true;
END $$;
