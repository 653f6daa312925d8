/** The operating contract's Teams variables (DESIGN.md), as the adapter takes them. */
export interface TeamsSettings {
  appId: string;
  appPassword?: string;
  tenantId?: string;
  appType: 'MultiTenant' | 'SingleTenant';
  /** TEAMS_OPENID_METADATA_URL: where the keys of inbound tokens are found. */
  openIdMetadataUrl: string;
  /** TEAMS_TOKEN_ISSUER: the `iss` inbound tokens must carry. */
  tokenIssuer: string;
  /** TEAMS_LOGIN_URL: where outbound tokens come from. */
  loginUrl: string;
  /** False with TEAMS_AUTH=off: unsigned activities accepted (local development only). */
  authOn: boolean;
  /**
   * Origins a file's download URL may come from besides https *.sharepoint.com. Never set in
   * production: tests name their fake Teams here, one origin each, never a pattern.
   */
  fileOrigins?: readonly string[];
}
