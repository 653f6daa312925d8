-- No statement here rewrites a table (a constant default is kept in the catalog): old instances go on
-- writing during a rolling upgrade. The indexes serve retention, which removes the oldest rows first.
ALTER TABLE "inbox" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "inbox" ADD COLUMN "last_error" text;--> statement-breakpoint
CREATE INDEX "inbox_received_idx" ON "inbox" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "outbox_created_idx" ON "outbox" USING btree ("created_at");