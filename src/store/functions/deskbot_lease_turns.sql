-- Holds a conversation's turns for the caller's transaction (an advisory lock: two instances never run
-- turns of one conversation at once, and a crashed holder's connection releases it), then reads, as of
-- after the wait, what deskbot_turns_of gives.
CREATE OR REPLACE FUNCTION deskbot_lease_turns(p_conversation text, p_platform text, p_delivery text)
RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('deskbot_turns:' || p_conversation, 0));
  RETURN deskbot_turns_of(p_conversation, p_platform, p_delivery);
END $$;
