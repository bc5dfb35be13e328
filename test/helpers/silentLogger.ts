import { createLogger } from '../../src/core/logger.js';

export const silentLogger = createLogger('silent');
