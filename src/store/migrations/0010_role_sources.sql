ALTER TABLE "role_grants" ADD COLUMN "source" text DEFAULT 'config' NOT NULL;--> statement-breakpoint
ALTER TABLE "role_grants" DROP CONSTRAINT "role_grants_person_id_role_department_pk";--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_person_id_role_department_source_pk" PRIMARY KEY("person_id","role","department","source");
