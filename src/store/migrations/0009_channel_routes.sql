CREATE TABLE "channel_routes" (
	"platform" text NOT NULL,
	"workspace" text NOT NULL,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "channel_routes_platform_workspace_key_pk" PRIMARY KEY("platform","workspace","key")
);
