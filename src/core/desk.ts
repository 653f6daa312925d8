import type { DeskConfig } from '../config/desk.schema.js';
import type { ChannelAdapter } from '../ports/channel-adapter.port.js';
import type { Clock } from '../ports/clock.port.js';
import type { OutboxRow } from '../ports/conversation-store.port.js';
import type { Holders } from '../ports/holder.port.js';
import type { Signals } from '../ports/signal.port.js';
import type { Store } from '../ports/store.port.js';
import { ApprovalService } from './approval/approval.service.js';
import { AttachmentService } from './attachments/attachment.service.js';
import { ChatFiles } from './attachments/chat.files.js';
import { AutomationService } from './automation/automation.service.js';
import { ChannelPostService } from './channel-posts/channel-post.service.js';
import { TriageService } from './channel-posts/triage.service.js';
import { ChannelRoutes } from './channel-routes/channel-routes.service.js';
import { ConversationService } from './conversation/conversation.service.js';
import { RequestTypeFinder } from './conversation/request-type.finder.js';
import type { ArticleSuggester } from './conversation/turn.types.js';
import { DeskCatalog } from './desk.catalog.js';
import { EmailService } from './email/email.service.js';
import { RetentionService } from './housekeeping/retention.service.js';
import { IdentityService } from './identity/identity.service.js';
import { PeopleService } from './identity/people.service.js';
import { InboundPipeline, type TurnFailure } from './inbound/inbound.pipeline.js';
import { LESSON_HORIZON_MS } from './kb/kb.feedback.js';
import { SharedLessons } from './kb/kb.lessons.js';
import { KnowledgeBase } from './kb/kb.service.js';
import { QueueService } from './queues/queue.service.js';
import { FailedDeliveries } from './relay/failed-deliveries.service.js';
import { OutboxDispatcher } from './relay/outbox.dispatcher.js';
import { PersonNotifier } from './relay/person.notifier.js';
import { ticketWrites } from './relay/ticket-writes.js';
import { ReportService } from './reports/reports.service.js';
import { escalate } from './sla/sla.escalation.js';
import { SlaService } from './sla/sla.service.js';
import { SurveyService } from './survey/survey.service.js';
import { RequestKeyService } from './tickets/request-key.service.js';
import { TicketService } from './tickets/ticket.service.js';
import { TransitionService } from './workflow/transition.service.js';

/** The core's services over one store and one desk config; what the HTTP layer and adapters talk to. */
export interface Desk {
  catalog: DeskCatalog;
  /** Wake-ups between the instances on one database (a channel's live pages on another instance). */
  signals: Signals;
  /** Work one instance at a time may do (a gateway connection). */
  holders: Holders;
  tickets: TicketService;
  transitions: TransitionService;
  people: PeopleService;
  conversations: ConversationService;
  /** The configured queues, for agents. */
  queues: QueueService;
  /** Files on tickets' comments. */
  attachments: AttachmentService;
  /** Delivers the outbox; adapters register their ChannelPort and topics on it. */
  outbox: OutboxDispatcher;
  /** Articles, their tree and versions, search and suggestions. */
  kb: KnowledgeBase;
  /** Messages posted on platforms that are found again: triage cards and what they show. */
  posts: ChannelPostService;
  /** Triage cards on every platform that shows them; adapters register their card port on it. */
  triage: TriageService;
  /** What adapters remember to reach workspaces again (Teams' service URLs, users' bot ids). */
  routes: ChannelRoutes;
  /** SLA clocks, timers and pings; the scheduler registers its timers on it. */
  sla: SlaService;
  /** Notices to one person on their direct channels; adapters register their DM route on it. */
  notices: PersonNotifier;
  /** Clients' Idempotency-Keys: what each made, and the answer it got. */
  requestKeys: RequestKeyService;
  /** Platform identities to people; adapters register their profile lookup on it. */
  identities: IdentityService;
  /** Email beside chat: new requests to agents, updates to requesters without chat, replies as comments. */
  email: EmailService;
  /** Request-type guesses from words, learning from what people chose; `start` loads what they chose before. */
  guesses: RequestTypeFinder & { start(): Promise<void> };
  /** Reports over day rollups, and the managers' dashboard. */
  reports: ReportService;
  /** Approvals where the approver is: asked on entering an approval status, decided in chat. */
  approvals: ApprovalService;
  /** The satisfaction survey: sent on resolution, answered once. */
  surveys: SurveyService;
  /** Automation rules: fired by changes through the outbox, idle and scheduled ones by `sweep`. */
  automation: AutomationService;
  /** Where every channel hands its inbound events: inbox, ack, person, ordered turn. */
  inbound: InboundPipeline;
  /** Removes finished inbox and outbox rows past their keeping (an hourly job). */
  retention: RetentionService;
  /** What the desk gave up on (dead outbox rows, deliveries set aside), for admins to see and retry. */
  failed: FailedDeliveries;
  /** Connects a channel's parts: delivery, its people's direct route, topics, cards, profiles. */
  attach(adapter: ChannelAdapter): void;
}

/** What the desk tells its operator: a delivery that failed (it is retried, or dead), a rule that stopped. */
export interface DeskLog {
  deliveryFailed?: (err: unknown, row: OutboxRow) => void;
  automation?: (event: { rule: string; ticket: string; message: string }) => void;
  /**
   * A recorded delivery whose turn failed outside its own request, with its tries so far: it stays for
   * the next sweep, or is set aside at the last try.
   */
  turnFailed?: (err: unknown, failure: TurnFailure | null) => void;
}

export function createDesk(storeAsIs: Store, config: DeskConfig, clock: Clock, log: DeskLog = {}): Desk {
  const catalog = new DeskCatalog(config);
  const baseUrl = (config.desk.baseUrl ?? '').replace(/\/$/, '');
  const outbox = new OutboxDispatcher(storeAsIs, clock, { baseUrl, onError: log.deliveryFailed });
  // Topics are looked up at each write: adapters register theirs after the desk is made.
  // Card topics are read at each write: adapters register their card ports after the desk is made.
  let triage: TriageService | undefined;
  let email: EmailService | undefined;
  const automationOn = config.automations.some((r) => r.enabled);
  const store = ticketWrites(storeAsIs, {
    cardTopics: () => triage?.topics() ?? [],
    automation: () => automationOn,
    emailNotices: () => email?.noticesOn ?? false,
    queued: () => outbox.wake(),
  });
  const attachments = new AttachmentService(store, clock, config.attachments);
  const tickets = new TicketService(store, catalog, clock, attachments);
  const chatFiles = new ChatFiles(attachments, () => config.attachments.maxMegabytes * 1024 * 1024);
  email = new EmailService(store, catalog, clock, tickets, { baseUrl, on: () => outbox.hasTopic('email') });
  outbox.registerTopic('email.notice', (row) => email!.notice(row));
  outbox.useRelayFallback((row, markdown) => email!.relayed(row, markdown));
  const people = new PeopleService(store, clock);
  // What people teach (answers, chosen types) reaches every instance's models at once.
  const lessons = new SharedLessons(store.signals);
  const knowledgeBase = new KnowledgeBase(store.kb, clock, config.kb, lessons);
  const kb: ArticleSuggester = knowledgeBase;
  const notices = new PersonNotifier(store, clock, () => outbox.wake(), baseUrl);
  const sla = new SlaService(store, catalog, clock, {
    baseUrl,
    outlets: (topic) => outbox.hasTopic(topic),
    wake: () => outbox.wake(),
  });
  outbox.registerBatchTopic('sla', (rows) => sla.handleOutbox(rows));
  outbox.registerTopic('sla.escalate', (row) => escalate(store, clock, row));
  outbox.registerTopic('notify', (row) => notices.handle(row));
  const automation = new AutomationService(store, catalog, clock, {
    baseUrl,
    email: () => outbox.hasTopic('email'),
    onEvent: log.automation,
  });
  if (automationOn) outbox.registerTopic('automation', (row) => automation.handle(row));
  const identities = new IdentityService(store, clock, (platform, held) =>
    catalog.chatRoleGrants(platform, held),
  );
  const transitions = new TransitionService(store, catalog, clock);
  const surveys = new SurveyService(store, catalog, clock, transitions, notices, {
    baseUrl,
    email: () => outbox.hasTopic('email'),
  });
  outbox.registerTopic('survey', (row) => surveys.handle(row));
  const approvals = new ApprovalService(store, catalog, clock, transitions, notices, {
    baseUrl,
    email: () => outbox.hasTopic('email'),
  });
  outbox.registerTopic('approval', (row) => approvals.handle(row));
  const guesses = new RequestTypeFinder(config, clock, lessons);
  const deps = {
    catalog,
    surveys,
    approvals,
    tickets,
    people,
    kb,
    finder: guesses,
    baseUrl,
    sla,
    identities,
    files: chatFiles,
  };
  const conversations = new ConversationService(store, deps, clock, () => outbox.wake());
  const inbound = new InboundPipeline(conversations, identities, log.turnFailed);
  const posts = new ChannelPostService(store, catalog, clock, baseUrl);
  triage = new TriageService(posts, tickets, transitions, (topic, handle) =>
    outbox.registerTopic(topic, handle),
  );
  return {
    catalog,
    signals: store.signals,
    holders: store.holders,
    tickets,
    transitions,
    people,
    conversations,
    queues: new QueueService(catalog, tickets),
    attachments,
    outbox,
    kb: knowledgeBase,
    posts,
    triage,
    routes: new ChannelRoutes(store.routes, clock),
    sla,
    notices,
    requestKeys: new RequestKeyService(store, clock),
    identities,
    automation,
    surveys,
    approvals,
    reports: new ReportService(store, catalog, clock),
    guesses: Object.assign(guesses, {
      start: () =>
        guesses.follow(() =>
          store.tickets.typeChoices(new Date(clock.now().getTime() - LESSON_HORIZON_MS), 20_000),
        ),
    }),
    email,
    inbound,
    retention: new RetentionService(store, clock),
    failed: new FailedDeliveries(store, clock, outbox, inbound),
    attach(adapter) {
      outbox.registerChannel(adapter.channel);
      if (adapter.directRoute) notices.registerRoute(adapter.platform, adapter.directRoute);
      for (const [topic, handle] of Object.entries(adapter.topics ?? {})) outbox.registerTopic(topic, handle);
      if (adapter.cards) triage!.registerPort(adapter.cards);
      if (adapter.profiles) identities.registerProfiles(adapter.platform, adapter.profiles);
      if (adapter.files) chatFiles.register(adapter.platform, adapter.files);
    },
  };
}
