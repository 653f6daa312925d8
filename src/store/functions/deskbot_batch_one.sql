-- One call of a batch by name, as deskbot_batch runs each item (turns begin through deskbot_begin_turns).
CREATE OR REPLACE FUNCTION deskbot_batch_one(p_function text, v jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
  CASE p_function
    WHEN 'save_turn' THEN
      RETURN to_jsonb(deskbot_save_turn(v));
    WHEN 'create_ticket' THEN
      RETURN deskbot_create_ticket(v->>'prefix', v->'ticket', v->'change');
    WHEN 'update_ticket' THEN
      RETURN deskbot_update_ticket((v->>'id')::bigint, (v->>'expected')::int, v->'patch', v->'change');
  END CASE;
END $$;
