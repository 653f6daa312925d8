CREATE TABLE "automation_cursors" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "automation_timers" (
	"ticket_id" bigint NOT NULL,
	"rule_id" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	CONSTRAINT "automation_timers_ticket_id_rule_id_since_pk" PRIMARY KEY("ticket_id","rule_id","since")
);
--> statement-breakpoint
CREATE TABLE "rule_runs" (
	"rule_id" text NOT NULL,
	"ticket_id" bigint NOT NULL,
	"trigger" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "rule_runs_rule_id_ticket_id_trigger_pk" PRIMARY KEY("rule_id","ticket_id","trigger")
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"ticket_id" bigint NOT NULL,
	"round" integer NOT NULL,
	"requester_id" text NOT NULL,
	"department" text NOT NULL,
	"token" text NOT NULL,
	"source" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"rating" integer,
	"comment" text,
	"answered_at" timestamp with time zone,
	CONSTRAINT "surveys_ticket_id_round_pk" PRIMARY KEY("ticket_id","round"),
	CONSTRAINT "surveys_token_unique" UNIQUE("token"),
	CONSTRAINT "surveys_source_unique" UNIQUE("source")
);
--> statement-breakpoint
ALTER TABLE "ticket_history" ADD COLUMN "rule" text;--> statement-breakpoint
ALTER TABLE "automation_timers" ADD CONSTRAINT "automation_timers_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_requester_id_persons_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "automation_timers_due_idx" ON "automation_timers" USING btree ("due_at") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "surveys_department_answered_at_index" ON "surveys" USING btree ("department","answered_at");