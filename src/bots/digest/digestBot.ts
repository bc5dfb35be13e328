// The morning digest's bot: it answers no message (the board is asked for through the
// targets bot and the dashboard); it owns the 08:30 job that posts each team's board and
// DMs each consultant their day.
import type { Bot } from '../../core/bot.js';
import type { DigestChannels } from '../../infra/config.js';
import { createDigestJob } from './createDigestJob.js';

export function createDigestBot(deps: { channels?: DigestChannels }): Bot {
  return {
    name: 'digest',
    sides: ['staff'],
    handle: async () => false,
    jobs: ({ db, store, data }) => [createDigestJob({ db, store, data, channels: deps.channels })],
  };
}
