CREATE TABLE "approvals" (
	"ticket_id" bigint NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"approver_id" text NOT NULL,
	"decision" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "approvals_ticket_id_since_approver_id_pk" PRIMARY KEY("ticket_id","since","approver_id")
);
--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;