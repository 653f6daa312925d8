import type { ApprovalService } from '../approval/approval.service.js';
import type { ChatFiles } from '../attachments/chat.files.js';
import type { DeskCatalog } from '../desk.catalog.js';
import type { IdentityService } from '../identity/identity.service.js';
import type { PeopleService } from '../identity/people.service.js';
import type { SlaService } from '../sla/sla.service.js';
import type { SurveyService } from '../survey/survey.service.js';
import type { TicketService } from '../tickets/ticket.service.js';
import type { RequestTypeFinder } from './request-type.finder.js';
import type { ArticleSuggester } from './turn.types.js';

/** The core services a conversation turn calls. */
export interface TurnDeps {
  catalog: DeskCatalog;
  tickets: TicketService;
  people: PeopleService;
  kb: ArticleSuggester;
  finder: RequestTypeFinder;
  sla: SlaService;
  /** Linking a platform account by one-time code. */
  identities: IdentityService;
  /** Approvers' decisions. */
  approvals: ApprovalService;
  /** The satisfaction survey's answers. */
  surveys: SurveyService;
  /** Files sent in chat, kept on the ticket the message is about. */
  files: ChatFiles;
  /** Prefixed to links (the desk's baseUrl); empty for relative links. */
  baseUrl: string;
}
