// The web chat as a Channel: its routes (registerWebChannel: the chat, the staff sign-in and
// the dashboard) and its sender, which writes replies into the visitor's transcript.
import type { Channel } from '../../core/channel.js';
import { createWebSender } from './webSender.js';
import { registerWebChannel, type WebChannelDeps } from './registerWebChannel.js';

export function createWebChannel(deps: WebChannelDeps): Channel {
  return {
    name: 'web',
    sender: createWebSender(deps.db, deps.clock),
    // the transcript keeps what is sent; the visitor reads it when they come back
    canReach: () => true,
    async registerRoutes(http) {
      await registerWebChannel(http, deps);
    },
  };
}
