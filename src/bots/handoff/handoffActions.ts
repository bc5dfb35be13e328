// The handoff buttons' values, as patterns: the staff bot's routes read them and the queue,
// the room's announcement and the taken chat build them (actionValue), from one place.
export const HANDOFF_ACTIONS = {
  queue: 'handoff:queue',
  take: 'handoff:take:{conversationId*}',
  close: 'handoff:close:{conversationId*}',
} as const;
