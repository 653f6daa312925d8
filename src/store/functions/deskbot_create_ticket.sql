-- Allocates the next key of the prefix in the same transaction as the insert, so keys have no gaps:
-- a failed insert rolls the counter back, and concurrent creates queue on the counter row. A create that
-- carries a request key already used returns that ticket instead (a retried conversation turn).
CREATE OR REPLACE FUNCTION deskbot_create_ticket(p_prefix text, p_ticket jsonb, p_change jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_at timestamptz := (p_change->>'at')::timestamptz;
  v_number int;
  v_row tickets;
  v_comments jsonb;
BEGIN
  IF p_ticket->>'requestKey' IS NOT NULL THEN
    SELECT * INTO v_row FROM tickets WHERE request_key = p_ticket->>'requestKey';
    IF FOUND THEN
      RETURN to_jsonb(v_row) || jsonb_build_object('new_comments', '[]'::jsonb);
    END IF;
  END IF;
  INSERT INTO key_counters (prefix, last) VALUES (p_prefix, 1)
  ON CONFLICT (prefix) DO UPDATE SET last = key_counters.last + 1
  RETURNING last INTO v_number;
  INSERT INTO tickets (key, department, request_type, summary, requester_id, assignee_id, status,
    status_category, priority, fields, resolution, origin_conversation_id, request_key, version,
    created_at, updated_at)
  VALUES (p_prefix || '-' || v_number, p_ticket->>'department', p_ticket->>'requestType', p_ticket->>'summary',
    p_ticket->>'requesterId', p_ticket->>'assigneeId', p_ticket->>'status', p_ticket->>'statusCategory',
    p_ticket->>'priority', p_ticket->'fields', p_ticket->>'resolution', p_ticket->>'originConversationId',
    p_ticket->>'requestKey', 1, v_at, v_at)
  RETURNING * INTO v_row;
  v_comments := deskbot_write_change(v_row, p_change);
  RETURN to_jsonb(v_row) || jsonb_build_object('new_comments', v_comments);
END $$;
