import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { SurveyRecord, SurveyStore } from '../ports/automation-store.port.js';
import { surveys } from './automation.schema.js';
import type { Db } from './database.js';

export class SurveyRepository implements SurveyStore {
  constructor(private readonly db: Db) {}

  async open(
    s: Pick<SurveyRecord, 'ticketId' | 'requesterId' | 'department' | 'token' | 'sentAt'> & {
      source: string;
    },
  ): Promise<SurveyRecord> {
    const next = sql<number>`(SELECT COALESCE(max(round), 0) + 1 FROM surveys WHERE ticket_id = ${s.ticketId})`;
    const [made] = await this.db
      .insert(surveys)
      .values({ ...s, round: next })
      .onConflictDoNothing({ target: surveys.source })
      .returning();
    if (made) return strip(made);
    const [kept] = await this.db.select().from(surveys).where(eq(surveys.source, s.source));
    return strip(kept!);
  }

  async latest(ticketId: number): Promise<SurveyRecord | null> {
    const [row] = await this.db
      .select()
      .from(surveys)
      .where(eq(surveys.ticketId, ticketId))
      .orderBy(desc(surveys.round))
      .limit(1);
    return row ? strip(row) : null;
  }

  async byToken(token: string): Promise<SurveyRecord | null> {
    const [row] = await this.db.select().from(surveys).where(eq(surveys.token, token));
    return row ? strip(row) : null;
  }

  async answer(ticketId: number, round: number, rating: number, at: Date): Promise<SurveyRecord | null> {
    const [row] = await this.db
      .update(surveys)
      .set({ rating, answeredAt: at })
      .where(and(eq(surveys.ticketId, ticketId), eq(surveys.round, round), isNull(surveys.answeredAt)))
      .returning();
    return row ? strip(row) : null;
  }

  async addComment(ticketId: number, round: number, comment: string): Promise<boolean> {
    const rows = await this.db
      .update(surveys)
      .set({ comment })
      .where(
        and(
          eq(surveys.ticketId, ticketId),
          eq(surveys.round, round),
          sql`${surveys.answeredAt} IS NOT NULL`,
          isNull(surveys.comment),
        ),
      )
      .returning({ t: surveys.ticketId });
    return rows.length > 0;
  }
}

function strip({ source: _, ...survey }: typeof surveys.$inferSelect): SurveyRecord {
  return survey;
}
