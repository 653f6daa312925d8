-- A conversation's deliveries still to process, oldest first, and its version (so a turn knows
-- whether what it read before its go still holds). The caller's own delivery comes without its
-- payload, which it has.
CREATE OR REPLACE FUNCTION deskbot_turns_of(p_conversation text, p_platform text, p_delivery text)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'version', (SELECT version FROM conversations WHERE id = p_conversation),
    'pending', (
      SELECT COALESCE(jsonb_agg(jsonb_build_object(
        'platform', platform, 'deliveryId', delivery_id,
        'payload', CASE WHEN platform = p_platform AND delivery_id = p_delivery THEN NULL ELSE payload END)
        ORDER BY seq NULLS FIRST, received_at), '[]'::jsonb)
      FROM inbox WHERE conversation_id = p_conversation AND processed_at IS NULL))
$$;
