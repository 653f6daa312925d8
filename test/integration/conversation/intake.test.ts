import { beforeEach, describe, expect, it } from 'vitest';
import { createDesk } from '../../../src/core/desk.js';
import { ACTIONS } from '../../../src/ports/message.types.js';
import { secondInstance } from '../../support/second-instance.js';
import { TestChat } from '../../support/test-chat.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;
let rita: TestChat;

describe(`conversational intake, one field at a time (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    rita = new TestChat(t, await t.person('rita'));
  });

  it('takes a request from first words to a ticket, offering what the first message already said', async () => {
    await rita.say('I need VPN access from 2026-12-01 to work from home');
    const select = rita.part('select')!;
    expect(select.action).toBe(ACTIONS.chooseType);
    expect(select.options[0]).toMatchObject({ value: 'access-request', label: 'Access request (IT)' });
    expect(rita.part('buttons')!.buttons.map((b) => b.label)).toEqual(['Browse by department', 'Cancel']);

    await rita.click(ACTIONS.chooseType, 'access-request');
    expect(rita.text()).toContain('**System**');
    expect(rita.text()).toContain('From your message: **VPN**');
    await rita.click(ACTIONS.keep, 'system');
    expect(rita.text()).toContain('**Why do you need access?**');
    await rita.say('I work from home on Fridays and need the internal wiki.');
    expect(rita.text()).toContain('From your message: **2026-12-01**');
    await rita.click(ACTIONS.keep, 'needed_by');
    expect(rita.text()).toContain('**Line manager** _(optional)_');
    await rita.say('nobody@acme.example');
    expect(rita.text()).toContain('nobody has the email nobody@acme.example');
    await rita.say('Sam@acme.example');
    expect(rita.text()).toContain('please check your request');
    expect(rita.text()).toContain('- System: VPN');
    expect(rita.text()).toContain('- Needed by: 2026-12-01');

    await rita.click(ACTIONS.confirm);
    // The real status and what happens next: the access request waits for her line manager.
    expect(rita.text()).toContain(
      "Your request [**IT-1**](https://desk.acme.example/requests/IT-1) (Access request: VPN) is **Waiting for approval**: your line manager (sam@acme.example) decides on it first (Approve or Decline); you'll hear here either way.",
    );
    const ticket = await t.desk.tickets.get(rita.person, 'IT-1');
    expect(ticket.fields).toEqual({
      system: 'VPN',
      justification: 'I work from home on Fridays and need the internal wiki.',
      needed_by: '2026-12-01',
      line_manager: 'sam@acme.example',
    });
    expect(ticket.originConversationId).toBe(rita.conversationId);
  });

  it('re-asks each field kind with the reason a value was refused', async () => {
    const cases: [string, string, string, string][] = [
      // request type, field answers before the bad one, bad value, the reason given
      ['software-install', 'Figma|For design reviews', 'ten', 'must be a number'],
      ['software-install', 'Figma|For design reviews', '-5', 'must be at least 0'],
      ['parking-permit', '', 'ABCDEFGHIJKL', 'must be at most 10 characters'],
      ['parking-permit', 'AB12 CDE', 'Spaceship', 'must be one of: Car, Motorbike, Bicycle, Electric car'],
      ['desk-move', 'Floor 1|Floor 2', '2026-02-30', 'must be a real date as YYYY-MM-DD'],
      ['employment-letter', 'My bank', 'not-an-email', 'must be an email address'],
      ['new-starter', 'Nia Lee|2026-12-01', 'ghost@acme.example', 'nobody has the email ghost@acme.example'],
      [
        'new-starter',
        'Nia Lee|2026-12-01|maria@acme.example',
        'Laptop, Jetpack',
        '"Jetpack" is not one of: Laptop, Monitor, Headset, Phone',
      ],
    ];
    for (const [type, before, bad, reason] of cases) {
      await rita.say('new request');
      await rita.say('I need something');
      await rita.click(ACTIONS.browse);
      await rita.click(ACTIONS.chooseDepartment, t.desk.catalog.requestType(type)!.department.id);
      await rita.click(ACTIONS.chooseType, type);
      for (const answer of before.split('|').filter(Boolean)) await rita.say(answer);
      const asked = rita.text();
      await rita.say(bad);
      expect(rita.text(), `${type}: ${bad}`).toContain(`That doesn't look right: ${reason}.`);
      // The same question again.
      expect(rita.text()).toContain(asked.split('\n').find((l) => l.startsWith('**'))!);
      await rita.say('cancel');
    }
    expect(await t.desk.tickets.list(rita.person, { limit: 10 })).toEqual([]);
  });

  it('skip leaves out an optional field; a required one cannot be skipped', async () => {
    await rita.say('My laptop keeps crashing');
    await rita.click(ACTIONS.chooseType, 'laptop-problem');
    await rita.click(ACTIONS.skip);
    expect(rita.text()).toContain("Device is required, so it can't be skipped");
    await rita.say('laptop');
    expect(rita.text()).toContain('From your message: **My laptop keeps crashing**');
    await rita.click(ACTIONS.keep, 'description');
    expect(rita.text()).toContain('**Asset tag** _(optional)_');
    expect(rita.part('buttons')!.buttons.map((b) => b.label)).toEqual(['Skip', 'Back', 'Cancel']);
    await rita.say('skip');
    expect(rita.text()).toContain('- Device: Laptop');
    expect(rita.text()).not.toContain('Asset tag');
    await rita.say('send');
    const [ticket] = await t.desk.tickets.list(rita.person, { limit: 1 });
    expect(ticket!.fields).toEqual({ device: 'Laptop', description: 'My laptop keeps crashing' });
  });

  it('back goes to the previous question, then to the request types; cancel stores nothing', async () => {
    await rita.say('I need a parking permit for my car');
    await rita.click(ACTIONS.chooseType, 'parking-permit');
    await rita.say('AB12 CDE');
    expect(rita.text()).toContain('**Vehicle**');
    await rita.click(ACTIONS.back);
    expect(rita.text()).toContain('**Licence plate**');
    expect(rita.text()).toContain('From your message: **AB12 CDE**');
    await rita.say('back');
    expect(rita.part('select')!.options.map((o) => o.value)).toContain('parking-permit');
    await rita.click(ACTIONS.chooseType, 'parking-permit');
    await rita.say('XY99 ZZZ');
    await rita.say('Car');
    await rita.click(ACTIONS.back);
    expect(rita.text()).toContain('**Vehicle**');
    await rita.click(ACTIONS.cancel);
    expect(rita.text()).toBe('Cancelled. Nothing was sent.');
    expect(await t.desk.tickets.list(rita.person, { limit: 10 })).toEqual([]);
    await rita.say('cancel');
    expect(rita.text()).toBe('There is nothing to cancel.');
  });

  it('runs the request type validators: a leave ending before it starts re-asks the end date', async () => {
    await rita.say('I want to book annual leave from 2026-12-21 to 2026-12-18');
    await rita.click(ACTIONS.chooseType, 'leave-request');
    await rita.click(ACTIONS.keep, 'leave_type');
    await rita.click(ACTIONS.keep, 'start_date');
    await rita.click(ACTIONS.keep, 'end_date');
    await rita.click(ACTIONS.skip);
    expect(rita.text()).toContain(
      "That doesn't look right: The end date must be on or after the start date.",
    );
    expect(rita.text()).toContain('**Last day of leave**');
    await rita.say('2026-12-23');
    expect(rita.text()).toContain('- Last day of leave: 2026-12-23');
  });

  it('learns from the type people open for their words: another instance at once, a restarted desk too', async () => {
    const words = 'the coffee machine on floor 4 shows error E12';
    const other = await secondInstance(t);
    await other.desk.guesses.start();
    // Guessed as an IT matter at first; people browse to Facilities and open an office repair.
    await rita.say(words);
    expect(rita.part('select')!.options[0]!.value).not.toBe('office-repair');
    await rita.click(ACTIONS.cancel);
    for (let i = 0; i < 5; i++) {
      await rita.click(ACTIONS.newRequest); // each a request of its own, not a comment on the last
      await rita.say(`${words} (${i})`);
      await rita.click(ACTIONS.browse);
      await rita.click(ACTIONS.chooseDepartment, 'facilities');
      await rita.click(ACTIONS.chooseType, 'office-repair');
      await rita.say('Kitchen, floor 4');
      await rita.click(ACTIONS.keep, 'issue');
      await rita.click(ACTIONS.confirm);
    }
    const [created] = await t.store.tickets.typeChoices(new Date(0), 1);
    expect(created).toMatchObject({ words: `${words} (4)`, requestType: 'office-repair' });
    await expect.poll(() => other.desk.guesses.find(words)[0]).toBe('office-repair');
    await other.desk.kb.stop(); // its lessons' listener too
    await other.close();
    const restarted = createDesk(t.store, t.config, t.clock);
    await restarted.guesses.start();
    expect(restarted.guesses.find(words)[0]).toBe('office-repair');
    await restarted.kb.stop();
  });

  it("offers the department's catch-all after the guesses, and it opens a request like any type", async () => {
    await rita.say('the laptop fan makes a weird clicking noise');
    const options = rita.part('select')!.options;
    expect(options[0]!.value).toBe('laptop-problem');
    expect(options.at(-1)).toMatchObject({ value: 'it-other', label: 'Something else (IT)' });
    await rita.click(ACTIONS.chooseType, 'it-other');
    expect(rita.text()).toContain('**What do you need?**');
  });

  it('browses by department when the words match no request type', async () => {
    await rita.say('zzqx');
    expect(rita.text()).toContain("I'm not sure which kind of request this is. Which team can help?");
    await rita.click(ACTIONS.chooseDepartment, 'facilities');
    expect(rita.part('select')!.options.map((o) => o.value)).toEqual([
      'office-repair',
      'desk-move',
      'parking-permit',
      'facilities-other',
    ]);
    await rita.say('2');
    expect(rita.text()).toContain('**From**');
  });

  it('a channel whose forms take at most 4 inputs shows a 3-field type as a form and asks a 5-field one field by field', async () => {
    const small = new TestChat(t, await t.person('rita'), { formFields: 4, conversationId: 'small-forms' });
    await small.say('My laptop screen flickers');
    if (small.part('articles')) await small.click(ACTIONS.notSolved);
    await small.click(ACTIONS.chooseType, 'laptop-problem');
    expect(small.part('form')?.form.fields.map((f) => f.id)).toEqual(['device', 'description', 'asset_tag']);
    await small.click(ACTIONS.cancel);
    await small.say('new request');
    await small.say('A new starter joins on Monday');
    if (small.part('articles')) await small.click(ACTIONS.notSolved);
    await small.click(ACTIONS.chooseType, 'new-starter');
    expect(small.part('form')).toBeUndefined();
    expect(small.text()).toContain('Starter');
  });

  it('a retried delivery changes nothing: one ticket, one set of replies', async () => {
    await rita.say('My monitor is broken');
    await rita.click(ACTIONS.chooseType, 'laptop-problem');
    await rita.say('Monitor');
    await rita.click(ACTIONS.keep, 'description');
    await rita.say('skip');
    const first = await rita.say('send', 'delivery-42');
    expect(first).toHaveLength(1);
    const again = await rita.say('send', 'delivery-42');
    expect(again).toEqual([]);
    expect((await t.desk.tickets.list(rita.person, { limit: 10 })).map((x) => x.key)).toEqual(['IT-1']);
    const transcript = await t.desk.conversations.transcript(rita.person, rita.conversationId);
    expect(transcript.filter((l) => l.direction === 'in' && l.message.text === 'send')).toHaveLength(1);
  });
});
