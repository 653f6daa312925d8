ALTER TABLE "inbox" ADD COLUMN "seq" bigserial NOT NULL;--> statement-breakpoint
ALTER TABLE "inbox" ADD COLUMN "conversation_id" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "lane" text GENERATED ALWAYS AS (COALESCE('c:' || (payload->>'conversationId'), 't:' || ticket_id::text || ':' || topic, 'r:' || id::text)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "inbox_pending_turns_idx" ON "inbox" USING btree ("conversation_id","seq") WHERE processed_at IS NULL;--> statement-breakpoint
CREATE INDEX "outbox_pending_lanes_idx" ON "outbox" USING btree ("lane","id") WHERE state = 'pending';--> statement-breakpoint
-- Deliveries left unprocessed by the version before this one keep their place in the order.
UPDATE "inbox" SET "conversation_id" = "payload"->'conversation'->>'id' WHERE "processed_at" IS NULL;
