import { describe, expectTypeOf, it } from 'vitest';
import type * as Client from '../../../adapters/web/client/types.js';
import type * as Core from '../../../src/core/conversation/message.types.js';

// The browser build has a tsconfig of its own and cannot import the core, so the page keeps a copy of
// the message types; `npm run typecheck` fails here as soon as the two drift apart.
describe("the web client's copy of the core's message types", () => {
  it('is the same, part for part', () => {
    expectTypeOf<Client.MessagePart>().toEqualTypeOf<Core.MessagePart>();
    expectTypeOf<Client.Button>().toEqualTypeOf<Core.Button>();
    expectTypeOf<Client.SelectOption>().toEqualTypeOf<Core.SelectOption>();
    expectTypeOf<Client.FormSpec>().toEqualTypeOf<Core.FormSpec>();
    expectTypeOf<Client.FormField>().toEqualTypeOf<Core.FormField>();
    expectTypeOf<Client.OutboundMessage>().toEqualTypeOf<Core.OutboundMessage>();
  });
});
