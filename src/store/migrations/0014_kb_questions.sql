ALTER TABLE "kb_articles" ADD COLUMN "questions" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "kb_versions" ADD COLUMN "questions" text[] DEFAULT '{}'::text[] NOT NULL;