// An interaction recorded by a turn carries the turn's key (eventKey, unique): the same
// turn run again after a crash finds it instead of counting the event twice in the funnel.
import type { Interaction, Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';
import { isUniqueViolation } from '../../store/prismaErrors.js';

type Client = Db | Prisma.TransactionClient;

export async function recordInteractionOnce(db: Client, data: Prisma.InteractionUncheckedCreateInput & { eventKey: string }): Promise<Interaction> {
  const found = await db.interaction.findUnique({ where: { eventKey: data.eventKey } });
  if (found) return found;
  try {
    return await db.interaction.create({ data });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return db.interaction.findUniqueOrThrow({ where: { eventKey: data.eventKey } });
  }
}
