CREATE TABLE "channel_posts" (
	"platform" text NOT NULL,
	"purpose" text NOT NULL,
	"ticket_id" bigint NOT NULL,
	"workspace" text DEFAULT '' NOT NULL,
	"channel" text NOT NULL,
	"message_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "channel_posts_platform_purpose_ticket_id_pk" PRIMARY KEY("platform","purpose","ticket_id")
);
--> statement-breakpoint
CREATE TABLE "sla_clocks" (
	"ticket_id" bigint NOT NULL,
	"metric" text NOT NULL,
	"cycle" integer NOT NULL,
	"policy" text NOT NULL,
	"calendar" text NOT NULL,
	"goal_ms" bigint,
	"elapsed_ms" bigint NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"stopped_at" timestamp with time zone,
	"paused" boolean DEFAULT false NOT NULL,
	"result" text,
	"breached" boolean DEFAULT false NOT NULL,
	"due_at" timestamp with time zone,
	"near_breach_at" timestamp with time zone,
	"log" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sla_clocks_ticket_id_metric_cycle_pk" PRIMARY KEY("ticket_id","metric","cycle")
);
--> statement-breakpoint
CREATE TABLE "sla_pings" (
	"ticket_id" bigint NOT NULL,
	"metric" text NOT NULL,
	"cycle" integer NOT NULL,
	"threshold" text NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sla_pings_ticket_id_metric_cycle_threshold_pk" PRIMARY KEY("ticket_id","metric","cycle","threshold")
);
--> statement-breakpoint
ALTER TABLE "channel_posts" ADD CONSTRAINT "channel_posts_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD CONSTRAINT "sla_clocks_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_pings" ADD CONSTRAINT "sla_pings_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "channel_posts_platform_channel_message_id_index" ON "channel_posts" USING btree ("platform","channel","message_id");--> statement-breakpoint
CREATE INDEX "sla_clocks_running_due_idx" ON "sla_clocks" USING btree ("due_at") WHERE stopped_at IS NULL;--> statement-breakpoint
CREATE INDEX "sla_clocks_running_near_idx" ON "sla_clocks" USING btree ("near_breach_at") WHERE stopped_at IS NULL;