CREATE TABLE "idempotency_keys" (
	"person_id" text NOT NULL,
	"key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"ticket_id" bigint NOT NULL,
	"comment_id" bigint,
	"status_code" integer,
	"response" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_person_id_key_pk" PRIMARY KEY("person_id","key")
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "demo" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint

-- A change made for a client's Idempotency-Key records the key in the change's own transaction: a retry
-- after a lost answer finds it, and a retry racing the first fails here (SQLSTATE DK409) instead of
-- making the change twice. A key older than 24 hours is free again; the person's expired keys go then.
CREATE FUNCTION deskbot_record_request(p_ticket bigint, p_request jsonb, p_at timestamptz, p_comment bigint)
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
--> statement-breakpoint

CREATE OR REPLACE FUNCTION deskbot_write_change(p_ticket tickets, p_change jsonb) RETURNS jsonb
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
  IF p_change ? 'request' THEN
    PERFORM deskbot_record_request(p_ticket.id, p_change->'request', v_at, (v_comments->0->>'id')::bigint);
  END IF;
  RETURN v_comments;
END $$;
