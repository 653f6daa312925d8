-- Holds a conversation's turns for the caller's transaction (an advisory lock: two instances never run
-- turns of one conversation at once, and a crashed holder's connection releases it), then reads, as of
-- after the wait, the conversation's deliveries still to process, oldest first, and its version (so a
-- turn knows whether what it read before the wait still holds). The caller's own delivery comes
-- without its payload, which it has.
CREATE OR REPLACE FUNCTION deskbot_lease_turns(p_conversation text, p_platform text, p_delivery text)
RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('deskbot_turns:' || p_conversation, 0));
  RETURN jsonb_build_object(
    'version', (SELECT version FROM conversations WHERE id = p_conversation),
    'pending', (
      SELECT COALESCE(jsonb_agg(jsonb_build_object(
        'platform', platform, 'deliveryId', delivery_id,
        'payload', CASE WHEN platform = p_platform AND delivery_id = p_delivery THEN NULL ELSE payload END)
        ORDER BY seq NULLS FIRST, received_at), '[]'::jsonb)
      FROM inbox WHERE conversation_id = p_conversation AND processed_at IS NULL));
END $$;
