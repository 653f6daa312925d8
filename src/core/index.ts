/** The core's public entry: what adapters (and the composition root) may use of it. */
export { TRIAGE_CARD } from './channel-posts/channel-post.service.js';
export type { CardClick, CardOutcome } from './channel-posts/triage.service.js';
export { createDesk, type Desk } from './desk.js';
export { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError } from './errors.js';
export { UnknownIdentity } from './identity/identity.service.js';
export type { Received } from './inbound/inbound.pipeline.js';
export type { BatchTopicHandler, OutboxDispatcher } from './relay/outbox.dispatcher.js';
