-- Writes a change set beside its ticket row, in the caller's transaction: comments, one history entry per
-- changed field, domain events and outbox rows (each payload gets the ticket's key), and the client's
-- request key when there is one. The change set is the core's ChangeSet as JSON. A change an automation
-- rule makes carries `rule`: its name goes on each history row, and its firing is recorded in rule_runs
-- (a second firing for the same trigger fails with SQLSTATE DK409, so a retried trigger acts once), and
-- `cursor` keeps a value the rule reads next time (a round-robin's last agent). A comment's `attachments`
-- (ids of its author's uploads) are claimed by it.
CREATE OR REPLACE FUNCTION deskbot_write_change(p_ticket tickets, p_change jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_at timestamptz := (p_change->>'at')::timestamptz;
  v_actor text := p_change->>'actorId';
  v_comments jsonb := '[]'::jsonb;
  v_rule text := p_change->'rule'->>'name';
  v_files jsonb;
  v_claimed int;
BEGIN
  IF p_change ? 'rule' THEN
    INSERT INTO rule_runs (rule_id, ticket_id, trigger, at)
    VALUES (p_change->'rule'->>'id', p_ticket.id, p_change->'rule'->>'trigger', v_at)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'rule % already acted on this trigger', p_change->'rule'->>'id' USING ERRCODE = 'DK409';
    END IF;
  END IF;
  -- Compare and set: a rule that read the cursor before another moved it plans again (SQLSTATE DK412).
  IF p_change ? 'cursor' THEN
    IF p_change->'cursor'->>'expected' IS NULL THEN
      INSERT INTO automation_cursors (key, value, updated_at)
      VALUES (p_change->'cursor'->>'key', p_change->'cursor'->>'value', v_at)
      ON CONFLICT (key) DO NOTHING;
    ELSE
      UPDATE automation_cursors SET value = p_change->'cursor'->>'value', updated_at = v_at
      WHERE key = p_change->'cursor'->>'key' AND value = p_change->'cursor'->>'expected';
    END IF;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'cursor % moved', p_change->'cursor'->>'key' USING ERRCODE = 'DK412';
    END IF;
  END IF;
  IF jsonb_array_length(p_change->'comments') > 0 THEN
    WITH c AS (
      INSERT INTO comments (ticket_id, author_id, body, internal, created_at)
      SELECT p_ticket.id, e.v->>'authorId', e.v->>'body', (e.v->>'internal')::boolean, v_at
      FROM jsonb_array_elements(p_change->'comments') WITH ORDINALITY AS e(v, n)
      ORDER BY e.n
      RETURNING *
    )
    SELECT jsonb_agg(to_jsonb(c) ORDER BY c.id) INTO v_comments FROM c;
    -- A comment's files (its author's uploads to this ticket, not sent with another) become its own;
    -- one that is not is refused (SQLSTATE DK422), and the comment with it.
    FOR i IN 0 .. jsonb_array_length(v_comments) - 1 LOOP
      v_files := COALESCE(p_change->'comments'->i->'attachments', '[]'::jsonb);
      CONTINUE WHEN jsonb_array_length(v_files) = 0;
      UPDATE attachments SET comment_id = (v_comments->i->>'id')::bigint
      WHERE ticket_id = p_ticket.id AND comment_id IS NULL
        AND uploader_id = p_change->'comments'->i->>'authorId'
        AND id IN (SELECT jsonb_array_elements_text(v_files));
      GET DIAGNOSTICS v_claimed = ROW_COUNT;
      IF v_claimed <> jsonb_array_length(v_files) THEN
        RAISE EXCEPTION 'an attachment is not this author''s upload to this ticket, or was sent already'
          USING ERRCODE = 'DK422';
      END IF;
    END LOOP;
  END IF;
  IF jsonb_array_length(p_change->'history') > 0 THEN
    INSERT INTO ticket_history (ticket_id, actor_id, at, field, before, after, rule)
    SELECT p_ticket.id, v_actor, v_at, e.v->>'field', e.v->'before', e.v->'after', v_rule
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
  IF p_change ? 'request' THEN
    PERFORM deskbot_record_request(p_ticket.id, p_change->'request', v_at, (v_comments->0->>'id')::bigint);
  END IF;
  RETURN v_comments;
END $$;
