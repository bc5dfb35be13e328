import { createLogger } from '../../src/infra/logger.js';

export const silentLogger = createLogger('silent');
