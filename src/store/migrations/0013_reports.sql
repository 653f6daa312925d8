CREATE TABLE "report_days" (
	"day" date NOT NULL,
	"department" text NOT NULL,
	"request_type" text NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"csat" integer[] DEFAULT '{0,0,0,0,0}' NOT NULL,
	CONSTRAINT "report_days_day_department_request_type_pk" PRIMARY KEY("day","department","request_type")
);
--> statement-breakpoint
CREATE TABLE "report_kb_days" (
	"day" date PRIMARY KEY NOT NULL,
	"shown" integer NOT NULL,
	"solved" integer NOT NULL,
	"not_solved" integer NOT NULL,
	"no_results" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_rollups" (
	"day" date PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_sla_days" (
	"day" date NOT NULL,
	"department" text NOT NULL,
	"metric" text NOT NULL,
	"goal_ms" bigint NOT NULL,
	"met" integer NOT NULL,
	"breached" integer NOT NULL,
	CONSTRAINT "report_sla_days_day_department_metric_goal_ms_pk" PRIMARY KEY("day","department","metric","goal_ms")
);
--> statement-breakpoint
CREATE TABLE "report_time_days" (
	"day" date NOT NULL,
	"department" text NOT NULL,
	"metric" text NOT NULL,
	"count" integer NOT NULL,
	"sum_ms" bigint NOT NULL,
	"histogram" jsonb NOT NULL,
	CONSTRAINT "report_time_days_day_department_metric_pk" PRIMARY KEY("day","department","metric")
);
--> statement-breakpoint
DROP INDEX "surveys_department_answered_at_index";--> statement-breakpoint
CREATE INDEX "domain_events_done_at_idx" ON "domain_events" USING btree ("at") WHERE type = 'ticket.transitioned' AND payload->>'category' = 'done';--> statement-breakpoint
CREATE INDEX "tickets_created_at_idx" ON "tickets" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "surveys_answered_at_idx" ON "surveys" USING btree ("answered_at") WHERE answered_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "sla_clocks_stopped_at_idx" ON "sla_clocks" USING btree ("stopped_at") WHERE stopped_at IS NOT NULL;