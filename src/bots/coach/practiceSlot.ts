// The chat's pointer at its running role-play, a slot of the conversation state: the web
// chat has no threads and a Slack trainee may answer outside the thread, so a text finds
// its role-play through it. Key 'practice' and shape { sessionId } are the ones running
// role-plays were stored under before the slot, so they carry on across a deploy.
import { stateSlot } from '../../core/stateSlot.js';

/** The chat's pointer at its running role-play; the session row holds everything else. */
interface PracticeState {
  sessionId: string;
}

export const practiceSlot = stateSlot<PracticeState>('practice');
