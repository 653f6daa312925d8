-- Applies a patch (only the keys present change) if the ticket still has p_expected (NULL: no check and
-- no version bump, for changes such as comments that touch no field). NULL when the version is stale.
CREATE OR REPLACE FUNCTION deskbot_update_ticket(p_id bigint, p_expected int, p_patch jsonb, p_change jsonb) RETURNS jsonb
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
