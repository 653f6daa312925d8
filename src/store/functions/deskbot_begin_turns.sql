-- Begins a batch of turns in one set-based statement: records each inbound delivery in the inbox and
-- reads what its turn needs (the conversation, the person with roles). A burst of deliveries then costs
-- one pass instead of a subtransaction each. A delivery recorded before, or a second copy of one in the
-- same batch (Slack's retries can arrive together), is a duplicate; the first copy is not. The speaker is
-- a person id, or a platform identity ('speaker': platform, workspace, externalId) read through its link;
-- an identity not linked yet reads no person (the caller links it after the acknowledgement). A role granted
-- from two sources (the config and a platform's roles) reads once.
CREATE OR REPLACE FUNCTION deskbot_begin_turns(p_items jsonb) RETURNS jsonb
LANGUAGE sql AS $$
  WITH items AS (
    SELECT t.n, t.e->>'platform' AS platform, t.e->>'deliveryId' AS delivery_id, t.e->'payload' AS payload,
      (t.e->>'at')::timestamptz AS at, t.e->>'conversationId' AS conversation_id,
      COALESCE(t.e->>'personId', (SELECT ci.person_id FROM channel_identities ci
        WHERE ci.platform = t.e->'speaker'->>'platform' AND ci.workspace = t.e->'speaker'->>'workspace'
          AND ci.external_id = t.e->'speaker'->>'externalId')) AS person_id
    FROM jsonb_array_elements(p_items) WITH ORDINALITY AS t(e, n)
  ),
  firsts AS (
    SELECT DISTINCT ON (platform, delivery_id) n, platform, delivery_id, payload, at, conversation_id
    FROM items ORDER BY platform, delivery_id, n
  ),
  recorded AS (
    INSERT INTO inbox (platform, delivery_id, payload, received_at, conversation_id)
    SELECT platform, delivery_id, payload, at, conversation_id FROM firsts ORDER BY n
    ON CONFLICT DO NOTHING
    RETURNING platform, delivery_id
  ),
  fresh AS (
    SELECT f.n FROM firsts f JOIN recorded r USING (platform, delivery_id)
  )
  SELECT COALESCE(jsonb_agg(
    CASE WHEN fresh.n IS NULL THEN jsonb_build_object('duplicate', true)
    ELSE jsonb_build_object(
      'duplicate', false,
      'conversation', (SELECT to_jsonb(c) FROM conversations c WHERE c.id = i.conversation_id),
      'person', (
        SELECT to_jsonb(p) || jsonb_build_object('roles', COALESCE(
          (SELECT jsonb_agg(jsonb_build_object('role', g.role, 'department', g.department)
             ORDER BY g.role, g.department)
           FROM (SELECT DISTINCT role, department FROM role_grants WHERE person_id = p.id) g), '[]'::jsonb))
        FROM persons p WHERE p.id = i.person_id))
    END ORDER BY i.n), '[]'::jsonb)
  FROM items i LEFT JOIN fresh ON fresh.n = i.n
$$;
