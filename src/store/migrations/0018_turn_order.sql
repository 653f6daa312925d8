-- No statement here rewrites a table, so old instances go on writing during a rolling upgrade: the
-- columns come without a default first (old rows stay as they are, null), the default then applies to
-- new rows only; the indexes are partial (pending rows), built in one scan.
CREATE SEQUENCE IF NOT EXISTS "inbox_seq";--> statement-breakpoint
ALTER TABLE "inbox" ADD COLUMN "seq" bigint;--> statement-breakpoint
ALTER TABLE "inbox" ALTER COLUMN "seq" SET DEFAULT nextval('inbox_seq');--> statement-breakpoint
ALTER SEQUENCE "inbox_seq" OWNED BY "inbox"."seq";--> statement-breakpoint
ALTER TABLE "inbox" ADD COLUMN "conversation_id" text;--> statement-breakpoint
-- Deliveries left unprocessed by the release before this one keep their place in the order.
UPDATE "inbox" SET "conversation_id" = "payload"->'conversation'->>'id' WHERE "processed_at" IS NULL;--> statement-breakpoint
CREATE INDEX "inbox_pending_turns_idx" ON "inbox" USING btree ("conversation_id","seq") WHERE processed_at IS NULL;--> statement-breakpoint
CREATE INDEX "outbox_pending_lanes_idx" ON "outbox" USING btree ((COALESCE('c:' || (payload->>'conversationId'), 't:' || ticket_id::text || ':' || topic, 'r:' || id::text)),"id") WHERE state = 'pending';
