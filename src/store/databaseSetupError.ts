/** The store cannot be opened or migrated: the CLI prints it and exits 2. */
export class DatabaseSetupError extends Error {}
