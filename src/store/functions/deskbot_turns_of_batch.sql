-- deskbot_turns_of for a batch of turns at once ('conversationId', 'platform', 'deliveryId' each), for
-- the embedded store: one process, whose TurnQueue orders the turns, so there is nothing to lock.
CREATE OR REPLACE FUNCTION deskbot_turns_of_batch(p_items jsonb) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT COALESCE(jsonb_agg(deskbot_turns_of(e->>'conversationId', e->>'platform', e->>'deliveryId') ORDER BY n),
    '[]'::jsonb)
  FROM jsonb_array_elements(p_items) WITH ORDINALITY AS t(e, n)
$$;
