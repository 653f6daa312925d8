-- Ticket writes as functions: one call writes the ticket row and its change set (comments, history,
-- events, outbox) atomically, and PL/pgSQL caches each statement's plan per connection, so the hot
-- path pays no parse and plan per ticket. The change set is the core's ChangeSet as JSON.

CREATE FUNCTION deskbot_write_change(p_ticket tickets, p_change jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_at timestamptz := (p_change->>'at')::timestamptz;
  v_actor text := p_change->>'actorId';
  v_comments jsonb := '[]'::jsonb;
BEGIN
  IF jsonb_array_length(p_change->'comments') > 0 THEN
    WITH c AS (
      INSERT INTO comments (ticket_id, author_id, body, internal, created_at)
      SELECT p_ticket.id, e.v->>'authorId', e.v->>'body', (e.v->>'internal')::boolean, v_at
      FROM jsonb_array_elements(p_change->'comments') WITH ORDINALITY AS e(v, n)
      ORDER BY e.n
      RETURNING *
    )
    SELECT jsonb_agg(to_jsonb(c) ORDER BY c.id) INTO v_comments FROM c;
  END IF;
  IF jsonb_array_length(p_change->'history') > 0 THEN
    INSERT INTO ticket_history (ticket_id, actor_id, at, field, before, after)
    SELECT p_ticket.id, v_actor, v_at, e.v->>'field', e.v->'before', e.v->'after'
    FROM jsonb_array_elements(p_change->'history') WITH ORDINALITY AS e(v, n)
    ORDER BY e.n;
  END IF;
  IF jsonb_array_length(p_change->'events') > 0 THEN
    INSERT INTO domain_events (ticket_id, type, actor_id, at, payload)
    SELECT p_ticket.id, e.v->>'type', v_actor, v_at, (e.v->'payload') || jsonb_build_object('ticketKey', p_ticket.key)
    FROM jsonb_array_elements(p_change->'events') WITH ORDINALITY AS e(v, n)
    ORDER BY e.n;
  END IF;
  IF jsonb_array_length(p_change->'outbox') > 0 THEN
    INSERT INTO outbox (topic, ticket_id, payload, created_at, next_attempt_at)
    SELECT e.v->>'topic', p_ticket.id, (e.v->'payload') || jsonb_build_object('ticketKey', p_ticket.key), v_at, v_at
    FROM jsonb_array_elements(p_change->'outbox') WITH ORDINALITY AS e(v, n)
    ORDER BY e.n;
  END IF;
  RETURN v_comments;
END $$;
--> statement-breakpoint

-- Allocates the next key of the prefix in the same transaction as the insert, so keys have no gaps:
-- a failed insert rolls the counter back, and concurrent creates queue on the counter row. A create that
-- carries a request key already used returns that ticket instead (a retried conversation turn).
CREATE FUNCTION deskbot_create_ticket(p_prefix text, p_ticket jsonb, p_change jsonb) RETURNS jsonb
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
--> statement-breakpoint

-- Applies a patch (only the keys present change) if the ticket still has p_expected (NULL: no check and
-- no version bump, for changes such as comments that touch no field). NULL when the version is stale.
CREATE FUNCTION deskbot_update_ticket(p_id bigint, p_expected int, p_patch jsonb, p_change jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_row tickets;
  v_comments jsonb;
BEGIN
  UPDATE tickets SET
    assignee_id = CASE WHEN p_patch ? 'assigneeId' THEN p_patch->>'assigneeId' ELSE assignee_id END,
    status = COALESCE(p_patch->>'status', status),
    status_category = COALESCE(p_patch->>'statusCategory', status_category),
    priority = COALESCE(p_patch->>'priority', priority),
    fields = COALESCE(p_patch->'fields', fields),
    resolution = CASE WHEN p_patch ? 'resolution' THEN p_patch->>'resolution' ELSE resolution END,
    version = CASE WHEN p_expected IS NULL THEN version ELSE version + 1 END,
    updated_at = (p_change->>'at')::timestamptz
  WHERE id = p_id AND (p_expected IS NULL OR version = p_expected)
  RETURNING * INTO v_row;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  v_comments := deskbot_write_change(v_row, p_change);
  RETURN to_jsonb(v_row) || jsonb_build_object('new_comments', v_comments);
END $$;
--> statement-breakpoint

-- A conversation turn starts here: the inbound delivery is recorded (a retry of it changes nothing)
-- and what the turn needs is read, in one round trip: the conversation and the speaking person with
-- their roles.
CREATE FUNCTION deskbot_begin_turn(p_platform text, p_delivery text, p_payload jsonb, p_at timestamptz,
  p_conversation text, p_person text) RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO inbox (platform, delivery_id, payload, received_at)
  VALUES (p_platform, p_delivery, p_payload, p_at)
  ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('duplicate', true);
  END IF;
  RETURN jsonb_build_object(
    'duplicate', false,
    'conversation', (SELECT to_jsonb(c) FROM conversations c WHERE c.id = p_conversation),
    'person', (
      SELECT to_jsonb(p) || jsonb_build_object('roles', COALESCE(
        (SELECT jsonb_agg(jsonb_build_object('role', g.role, 'department', g.department) ORDER BY g.role, g.department)
         FROM role_grants g WHERE g.person_id = p.id), '[]'::jsonb))
      FROM persons p WHERE p.id = p_person));
END $$;
--> statement-breakpoint

-- Saves a turn: the conversation's state (if its version still holds; version 0 creates it, NULL leaves
-- it alone), the transcript lines, the outbox rows for delivery, and the inbound delivery as processed.
-- FALSE when the conversation changed meanwhile; the caller then runs the turn again.
CREATE FUNCTION deskbot_save_turn(p_turn jsonb) RETURNS boolean
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
--> statement-breakpoint

-- The same for many calls at once: under load a repository sends the calls that queued up while the
-- previous one ran as one call (group commit), so the statement overhead is paid once per batch. Each
-- item runs in its own subtransaction: one failing item fails alone, with its error returned.
CREATE FUNCTION deskbot_batch_one(p_function text, v jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
  CASE p_function
    WHEN 'begin_turn' THEN
      RETURN deskbot_begin_turn(v->>'platform', v->>'deliveryId', v->'payload', (v->>'at')::timestamptz,
        v->>'conversationId', v->>'personId');
    WHEN 'save_turn' THEN
      RETURN to_jsonb(deskbot_save_turn(v));
    WHEN 'create_ticket' THEN
      RETURN deskbot_create_ticket(v->>'prefix', v->'ticket', v->'change');
    WHEN 'update_ticket' THEN
      RETURN deskbot_update_ticket((v->>'id')::bigint, (v->>'expected')::int, v->'patch', v->'change');
  END CASE;
END $$;
--> statement-breakpoint

CREATE FUNCTION deskbot_batch(p_function text, p_items jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_out jsonb := '[]'::jsonb;
  v jsonb;
BEGIN
  -- A batch of one (no load) needs no subtransaction: its error is the call's error.
  IF jsonb_array_length(p_items) = 1 THEN
    RETURN jsonb_build_array(jsonb_build_object('ok', deskbot_batch_one(p_function, p_items->0)));
  END IF;
  FOR v IN SELECT e FROM jsonb_array_elements(p_items) AS e LOOP
    BEGIN
      v_out := v_out || jsonb_build_array(jsonb_build_object('ok', deskbot_batch_one(p_function, v)));
    EXCEPTION WHEN OTHERS THEN
      v_out := v_out || jsonb_build_array(jsonb_build_object('error', SQLERRM, 'code', SQLSTATE));
    END;
  END LOOP;
  RETURN v_out;
END $$;
