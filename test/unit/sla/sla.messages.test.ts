import { describe, expect, it } from 'vitest';
import { formatDuration, oneLine, pingChatText, pingEmail } from '../../../src/core/sla/sla.messages.js';
import { dedupKey, isHigher } from '../../../src/core/sla/sla.pings.js';

const facts = {
  threshold: 'breached' as const,
  ticketKey: 'IT-42',
  summary: 'VPN down\r\nBcc: eve@evil.example',
  metric: 'resolution' as const,
  goalMs: 4 * 3_600_000,
  dueAt: new Date('2026-03-30T09:00:00Z'),
  link: 'https://desk.example/agent/tickets/IT-42',
};

describe('SLA ping texts', () => {
  it('writes business durations as people read them', () => {
    expect([0, 45, 60, 125, 1440 + 60].map((m) => formatDuration(m * 60_000))).toEqual([
      '0m',
      '45m',
      '1h',
      '2h 5m',
      '1d 1h',
    ]);
    expect(formatDuration(-90 * 60_000)).toBe('1h 30m');
  });

  it('shows the due time in the reader’s zone, across a DST change', () => {
    expect(pingChatText(facts, 'Europe/London')).toContain('was due Mon, 30 Mar 2026, 10:00 BST');
    expect(pingChatText(facts, 'America/New_York')).toContain('was due Mon, 30 Mar 2026, 05:00 GMT-4');
  });

  it('keeps email subjects on one line whatever the summary holds', () => {
    const mail = pingEmail(facts, 'UTC');
    expect(mail.subject).toBe('[SLA breached] IT-42 Time to resolution: VPN down Bcc: eve@evil.example');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(oneLine('a\n\nb')).toBe('a b');
  });

  it('pages once per clock cycle, and only raises priorities', () => {
    expect(dedupKey('IT-42', 'resolution', 1)).toBe('deskbot-IT-42-resolution-1');
    expect(isHigher('highest', 'high')).toBe(true);
    expect(isHigher('low', 'high')).toBe(false);
    expect(isHigher('high', 'high')).toBe(false);
  });
});
