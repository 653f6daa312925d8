-- A change made for a client's Idempotency-Key records the key in the change's own transaction: a retry
-- after a lost answer finds it, and a retry racing the first fails here (SQLSTATE DK409) instead of
-- making the change twice. A key older than 24 hours is free again; the person's expired keys go then.
CREATE OR REPLACE FUNCTION deskbot_record_request(p_ticket bigint, p_request jsonb, p_at timestamptz, p_comment bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM idempotency_keys
  WHERE person_id = p_request->>'personId' AND created_at < p_at - interval '24 hours';
  INSERT INTO idempotency_keys (person_id, key, fingerprint, ticket_id, comment_id, created_at)
  VALUES (p_request->>'personId', p_request->>'key', p_request->>'fingerprint', p_ticket, p_comment, p_at)
  ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'the request key % was used already', p_request->>'key' USING ERRCODE = 'DK409';
  END IF;
END $$;
