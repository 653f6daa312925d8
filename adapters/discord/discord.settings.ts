/** The operating contract's Discord variables (DESIGN.md), as the adapter takes them. */
export interface DiscordSettings {
  token: string;
  /** DISCORD_APPLICATION_ID: where /helpdesk is registered; read from the gateway's READY when unset. */
  applicationId?: string;
  /** DISCORD_API_URL: the REST base (default https://discord.com/api; the client adds /v10). */
  apiUrl?: string;
}
